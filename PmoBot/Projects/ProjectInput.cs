using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Projects;

/// <summary>A project as typed: the fields of the card form or of one CSV row, not yet parsed.</summary>
public sealed record ProjectInput(
    string? Code,
    string? Name,
    string? BusinessUnit,
    string? Manager,
    string? Deputy,
    string? Sponsor,
    string? Stage,
    string? Start,
    string? PlannedEnd,
    string? Budget,
    string? Currency,
    string? Cadence,
    string? Status,
    string? Milestones,
    string? Baseline)
{
    public static readonly ProjectInput Blank = new(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>The fields of a stored project, as the form shows them.</summary>
    public static ProjectInput From(Project project) => new(
        project.Code,
        project.Name,
        project.BusinessUnit,
        project.Manager.Name,
        project.Deputy?.Name,
        project.Sponsor,
        project.Stage.ToString(),
        ProjectText.TypedDate(project.Start),
        ProjectText.TypedDate(project.PlannedEnd),
        Cards.MoneyText.Exact(project.BudgetAtCompletion),
        project.Currency,
        project.Cadence.ToString(),
        project.Status.ToString(),
        ProjectText.FormatMilestones(project.Milestones, "\n"),
        ProjectText.FormatBaseline(project.Baseline, "\n"));
}

/// <summary>A project read from input: the project, or every reason it could not be read.</summary>
public sealed record ProjectReading(Project? Project, IReadOnlyList<string> Errors)
{
    public bool IsValid => Project is not null;
}

/// <summary>
/// Turns typed fields into a valid <see cref="Project"/>: parses each field, resolves the PM and deputy through the
/// people directory (by name, e-mail or Entra object id), then applies <see cref="ProjectValidator"/>. Shared by the
/// card form and the CSV import, so both accept and reject exactly the same things.
/// </summary>
public sealed class ProjectInputReader(PeopleDirectory people)
{
    /// <param name="current">The stored version, if any: its PM and deputy are kept without a lookup when the input names them as before.</param>
    public async Task<ProjectReading> ReadAsync(ProjectInput input, Project? current, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var code = ProjectText.NormalizeCode(input.Code);
        if (code.Length == 0)
        {
            errors.Add($"The project code is missing (like {ProjectText.CodeExample}).");
        }

        if (string.IsNullOrWhiteSpace(input.Manager))
        {
            errors.Add("The PM is missing: give their name, e-mail or Entra object id.");
        }

        var known = current?.People.Select(p => p.Person).ToList() ?? [];
        var manager = await ResolveAsync(input.Manager, "PM", known, errors, cancellationToken);
        var deputy = await ResolveAsync(input.Deputy, "Deputy PM", known, errors, cancellationToken);

        var stage = Choice(input.Stage, ProjectStage.Initiation, "stage", errors);
        var cadence = Choice(input.Cadence, ReviewCadence.Weekly, "review cadence", errors);
        var status = Choice(input.Status, ProjectStatus.Active, "status", errors);
        var unread = errors.Count;
        var start = Date(input.Start, "start", errors);
        var startRead = errors.Count == unread;
        unread = errors.Count;
        var plannedEnd = Date(input.PlannedEnd, "planned end", errors);
        var endRead = errors.Count == unread;
        decimal budget = 0;
        var budgetRead = false;
        if (string.IsNullOrWhiteSpace(input.Budget))
        {
            errors.Add("The budget at completion (BAC) is missing.");
        }
        else if (!ProjectText.TryParseAmount(input.Budget, out budget))
        {
            errors.Add($"The budget at completion \"{input.Budget.Trim()}\" is not a number (like 1250000 or 1,250,000.00).");
        }
        else
        {
            budgetRead = true;
        }

        var currency = (input.Currency ?? string.Empty).Trim().ToUpperInvariant();
        if (currency.Length == 0)
        {
            errors.Add("The currency is missing (like EUR).");
        }

        var milestones = ProjectText.ParseMilestones(input.Milestones, errors);
        var baseline = ProjectText.ParseBaseline(input.Baseline, errors);
        if (errors.Count > 0 || manager is null)
        {
            // The register's rules too, on every field that did read, so one Save shows every problem rather than one
            // round at a time; a field that did not read stands in with a value no rule objects to.
            var dates = milestones.Select(m => m.BaselineDate).Concat(baseline.Select(p => p.Date)).ToList();
            var standInStart = startRead ? start : dates.Concat(endRead ? [plannedEnd.AddDays(-1)] : []).DefaultIfEmpty(new DateOnly(2000, 1, 1)).Min();
            var standInEnd = endRead ? plannedEnd : dates.Append(standInStart.AddDays(1)).Max();
            var provisional = new Project(
                code.Length > 0 ? code : ProjectText.CodeExample,
                Clean(input.Name),
                Clean(input.BusinessUnit),
                manager ?? new ProjectPerson(string.Empty, string.Empty),
                deputy,
                Clean(input.Sponsor),
                stage,
                standInStart,
                standInEnd,
                budgetRead ? budget : decimal.MaxValue,
                currency.Length > 0 ? currency : "EUR",
                baseline,
                milestones,
                cadence,
                status);
            errors.AddRange(ProjectValidator.Validate(provisional).Where(e => !errors.Contains(e)));
            return new ProjectReading(null, errors);
        }

        var project = new Project(
            code,
            Clean(input.Name),
            Clean(input.BusinessUnit),
            manager,
            deputy,
            Clean(input.Sponsor),
            stage,
            start,
            plannedEnd,
            budget,
            currency,
            baseline,
            milestones,
            cadence,
            status);
        var invalid = ProjectValidator.Validate(project);
        return invalid.Count > 0 ? new ProjectReading(null, invalid) : new ProjectReading(project, []);
    }

    /// <summary>
    /// The person <paramref name="text"/> names (name, e-mail or Entra object id), or null with the reason added to
    /// <paramref name="errors"/>; <paramref name="known"/> people are kept without a lookup. Empty text is nobody.
    /// </summary>
    public async Task<ProjectPerson?> ResolveAsync(string? text, string role, IReadOnlyList<ProjectPerson> known, List<string> errors, CancellationToken cancellationToken)
    {
        var query = (text ?? string.Empty).Trim();
        if (query.Length == 0)
        {
            return null;
        }

        var same = known.FirstOrDefault(p => string.Equals(p.Name, query, StringComparison.OrdinalIgnoreCase) || string.Equals(p.UserKey, query, StringComparison.OrdinalIgnoreCase));
        if (same is not null)
        {
            return same;
        }

        switch (await people.FindAsync(query, [], cancellationToken))
        {
            case PersonSearch.Found found:
                return new ProjectPerson(found.User.UserKey, found.User.Name);
            case PersonSearch.Ambiguous ambiguous:
                var names = string.Join("; ", ambiguous.Candidates.Select(c => $"{c.Name} ({c.Email ?? c.UserKey})"));
                errors.Add($"{role} \"{query}\": several people match ({names}); use their e-mail or Entra object id.");
                return null;
            default:
                errors.Add($"{role} \"{query}\": I don't know anyone by that name, e-mail or Entra object id. People appear once they have messaged PmoBot or been registered by the PMO.");
                return null;
        }
    }

    internal static TEnum Choice<TEnum>(string? text, TEnum fallback, string what, List<string> errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (EnumText.TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        errors.Add($"The {what} \"{text.Trim()}\" is not one of {EnumText.Choices<TEnum>()}.");
        return fallback;
    }

    internal static DateOnly Date(string? text, string what, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"The {what} date is missing ({ProjectText.DateFormat}).");
        }
        else if (!ProjectText.TryParseDate(text, out var date))
        {
            errors.Add($"The {what} date \"{text.Trim()}\" is not a date as {ProjectText.DateFormat} (like 2026-03-31).");
        }
        else
        {
            return date;
        }

        return default;
    }

    internal static string Clean(string? text) => string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
