using PmoBot.People;

namespace PmoBot.Processes;

public enum AudienceKind
{
    /// <summary>Everyone holding the project manager role.</summary>
    AllProjectManagers,

    /// <summary>Everyone holding one role (<see cref="RolloutAudience.Value"/> is <c>pm</c>, <c>pmo</c>, <c>leader</c> or <c>admin</c>).</summary>
    Role,

    /// <summary>The PMs and deputies of the active projects of one business unit.</summary>
    BusinessUnit,

    /// <summary>People named one by one (<see cref="RolloutAudience.Value"/> lists them, separated by <c>;</c>).</summary>
    People,
}

/// <summary>Who a version is rolled out to, as the PMO chose it; <see cref="RolloutAudienceResolver"/> turns it into people.</summary>
public sealed record RolloutAudience(AudienceKind Kind, string? Value = null)
{
    public static readonly RolloutAudience AllProjectManagers = new(AudienceKind.AllProjectManagers);

    /// <summary>The words in the form's choice and in storage.</summary>
    public static string Name(AudienceKind kind) => kind switch
    {
        AudienceKind.AllProjectManagers => "all-pms",
        AudienceKind.Role => "role",
        AudienceKind.BusinessUnit => "business-unit",
        _ => "people",
    };

    public static bool TryParseKind(string? text, out AudienceKind kind)
    {
        foreach (var candidate in Enum.GetValues<AudienceKind>())
        {
            if (string.Equals(Name(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = AudienceKind.AllProjectManagers;
        return false;
    }

    /// <summary>"all project managers", "everyone with the PMO role", "business unit Digital", "3 named people".</summary>
    public string Describe() => Kind switch
    {
        AudienceKind.AllProjectManagers => "all project managers",
        AudienceKind.Role => Roles.TryParse(Value ?? string.Empty, out var role) ? $"everyone with the {role.DisplayName()} role" : $"role {Value}",
        AudienceKind.BusinessUnit => $"the PMs of business unit {Value}",
        _ => $"named people ({Value})",
    };
}
