namespace PmoBot.People;

/// <summary>
/// On the welcome of someone without a role: who can give them one, by name. "A PMO member or an admin" leaves a new
/// user asking around; the PMO's names let them ask the right person in Teams straight away.
/// </summary>
public sealed class RoleGrantersNote(PeopleDirectory people) : IWelcomeNote
{
    /// <summary>Named on the card; a large PMO is summed up after these.</summary>
    public const int NamesShown = 5;

    public async Task<string?> NoteAsync(PmoUser person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (person.Roles.Count > 0)
        {
            return null;
        }

        var pmo = await people.ListRoleHoldersAsync(cancellationToken, Role.Pmo);
        var (who, holders) = pmo.Count > 0 ? ("In the PMO", pmo) : ("PmoBot's admins", await people.ListRoleHoldersAsync(cancellationToken, Role.Admin));
        // An admin named in configuration who has never opened PmoBot has only an id, which nobody can look up in Teams.
        var names = holders
            .Where(h => h.UserKey != person.UserKey && h.HasUsedPmoBot)
            .Select(h => h.Name)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (names.Count == 0)
        {
            return null;
        }

        var shown = string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? $" and {names.Count - NamesShown} more" : string.Empty);
        return $"{who}: {shown}. Ask {(names.Count == 1 ? "them" : "one of them")} for the role you need (project manager or leader).";
    }
}
