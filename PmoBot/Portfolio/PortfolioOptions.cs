using System.ComponentModel.DataAnnotations;
using PmoBot.People;

namespace PmoBot.Portfolio;

/// <summary>
/// Section <c>Portfolio</c>: which business units each leader sees. <c>Portfolio:Leaders:&lt;Entra object id or
/// e-mail&gt;</c> is a list of business units; a leader not listed sees the whole portfolio.
/// </summary>
public sealed class PortfolioOptions : IValidatableObject
{
    public const string SectionName = "Portfolio";

    public Dictionary<string, List<string>> Leaders { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The business units configured for <paramref name="leader"/>, or null when they see the whole portfolio.</summary>
    public IReadOnlySet<string>? BusinessUnitsOf(PmoUser leader)
    {
        ArgumentNullException.ThrowIfNull(leader);
        var units = Leaders
            .Where(entry => Names(entry.Key, leader))
            .SelectMany(entry => entry.Value)
            .Select(unit => unit.Trim())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return units.Count == 0 ? null : units;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, units) in Leaders)
        {
            if (!Guid.TryParse(key, out _) && !IsEmail(key))
            {
                yield return new ValidationResult(
                    $"Portfolio:Leaders:{key} must be named by the leader's Entra object id (a GUID) or e-mail address.", [nameof(Leaders)]);
            }

            if (units is null || units.Count == 0 || units.Any(string.IsNullOrWhiteSpace))
            {
                yield return new ValidationResult(
                    $"Portfolio:Leaders:{key} must list at least one business unit, none of them empty (leave the leader out to let them see the whole portfolio).", [nameof(Leaders)]);
            }
        }
    }

    private static bool Names(string key, PmoUser leader) =>
        Guid.TryParse(key, out _)
            ? string.Equals(UserKeys.Normalize(key), UserKeys.Normalize(leader.UserKey), StringComparison.OrdinalIgnoreCase)
            : leader.Email is { } email && string.Equals(key.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase);

    private static bool IsEmail(string key)
    {
        var at = key.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < key.Length - 1 && !key.Any(char.IsWhiteSpace);
    }
}
