using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Processes;

/// <summary>
/// One person a version is rolled out to, with the business units of the active projects they run, the unit most of
/// them are in first (the one the rates per unit count them in).
/// </summary>
public sealed record RolloutMember(string UserKey, string Name, IReadOnlyList<string> BusinessUnits);

/// <summary>
/// Who an audience is, or why it cannot be used. <see cref="Audience"/> is the audience to store and show: the business
/// unit as the register spells it and the people by their names in the directory, not as they were typed.
/// </summary>
public sealed record AudienceResolution(IReadOnlyList<RolloutMember> Members, IReadOnlyList<string> Errors, RolloutAudience? Audience = null);

/// <summary>
/// Turns the audience the PMO chose into people: role holders (from the role index, one partition per role), the
/// PMs and deputies of a business unit's active projects (from the register), or people named one by one. Each
/// person's business units come from the register, read once.
/// </summary>
public sealed class RolloutAudienceResolver(PeopleDirectory people, ProjectRegister register)
{
    /// <summary>Named people are typed separated by semicolons or new lines (names may hold commas in some directories).</summary>
    public static readonly char[] NameSeparators = [';', '\n', '\r'];

    public const int MaxNamedPeople = 200;

    public async Task<AudienceResolution> ResolveAsync(RolloutAudience audience, IReadOnlyList<MentionedPerson> mentions, CancellationToken cancellationToken)
    {
        var projects = (await register.ListStoredAsync(cancellationToken)).Values.Select(s => s.Project).Where(p => p.Status == ProjectStatus.Active).ToList();
        var units = projects
            .SelectMany(p => p.People.Select(person => (person.Person.UserKey, p.BusinessUnit)))
            .GroupBy(x => x.UserKey, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => UnitsByProjects(g.Select(x => x.BusinessUnit)), StringComparer.OrdinalIgnoreCase);
        RolloutMember Member(string key, string name) => new(key, name, units.TryGetValue(key, out var list) ? list : []);

        var errors = new List<string>();
        var named = audience;
        IEnumerable<RolloutMember> members;
        switch (audience.Kind)
        {
            case AudienceKind.AllProjectManagers:
                members = (await people.ListRoleHoldersAsync(cancellationToken, Role.ProjectManager)).Select(h => Member(h.UserKey, h.Name));
                break;
            case AudienceKind.Role when Roles.TryParse(audience.Value ?? string.Empty, out var role):
                members = (await people.ListRoleHoldersAsync(cancellationToken, role)).Select(h => Member(h.UserKey, h.Name));
                break;
            case AudienceKind.Role:
                errors.Add($"\"{audience.Value}\" is not a role: type pm, pmo, leader or admin.");
                members = [];
                break;
            case AudienceKind.BusinessUnit:
                var unit = audience.Value?.Trim() ?? string.Empty;
                var inUnit = projects.Where(p => string.Equals(p.BusinessUnit, unit, StringComparison.OrdinalIgnoreCase)).ToList();
                if (inUnit.Count == 0)
                {
                    var known = projects.Select(p => p.BusinessUnit).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
                    errors.Add(unit.Length == 0
                        ? "Type the business unit whose PMs should acknowledge it."
                        : $"No active project is in business unit \"{unit}\"{(known.Count > 0 ? $"; the business units are {string.Join(", ", known)}" : string.Empty)}.");
                }

                members = inUnit.SelectMany(p => p.People).Select(p => Member(p.Person.UserKey, p.Person.Name));
                named = inUnit.Count > 0 ? audience with { Value = inUnit[0].BusinessUnit.Trim() } : audience;
                break;
            default:
                var found = await NamedAsync(audience.Value, mentions, errors, Member, cancellationToken);
                members = found;
                named = audience with { Value = string.Join("; ", found.Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase)) };
                break;
        }

        var distinct = members.GroupBy(m => m.UserKey, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();
        if (errors.Count == 0 && distinct.Count == 0)
        {
            errors.Add($"Nobody is in {audience.Describe()} yet, so there is no one to acknowledge it. Choose another audience, or publish without acknowledgement.");
        }

        return new AudienceResolution(errors.Count == 0 ? distinct : [], errors, errors.Count == 0 ? named : null);
    }

    /// <summary>
    /// A person's business units from the units of the projects they run (one entry per project): most projects first,
    /// alphabetically on a tie, so each person has one unit they are counted in, the same every time.
    /// </summary>
    public static IReadOnlyList<string> UnitsByProjects(IEnumerable<string> unitOfEachProject) =>
        unitOfEachProject
            .GroupBy(u => u.Trim(), StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Key)
            .ToList();

    private async Task<IReadOnlyList<RolloutMember>> NamedAsync(string? text, IReadOnlyList<MentionedPerson> mentions, List<string> errors, Func<string, string, RolloutMember> member, CancellationToken cancellationToken)
    {
        var names = (text ?? string.Empty).Split(NameSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0)
        {
            errors.Add("Name the people who should acknowledge it, separated by semicolons (names, e-mail addresses or Entra object ids).");
            return [];
        }

        if (names.Count > MaxNamedPeople)
        {
            errors.Add($"That is {names.Count} names; name at most {MaxNamedPeople}, or choose a role or a business unit.");
            return [];
        }

        var found = new List<RolloutMember>();
        foreach (var name in names)
        {
            switch (await people.FindAsync(name, mentions, cancellationToken))
            {
                case PersonSearch.Found one:
                    found.Add(member(one.User.UserKey, one.User.Name));
                    break;
                case PersonSearch.Ambiguous ambiguous:
                    errors.Add(ambiguous.Sentence);
                    break;
                case PersonSearch.NotFound notFound:
                    errors.Add(notFound.Sentence);
                    break;
            }
        }

        return found;
    }
}
