using PmoBot.Commands;
using PmoBot.Lessons;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Processes;

/// <summary>The process form as typed: every field as text, so a form with mistakes comes back as it was filled in.</summary>
/// <see cref="FormId"/> names one opening of the add form.
public sealed record ProcessInput(string? Name, string? Owner, string? Summary, string? DocumentUrl, string? KnowledgeAreas, string? Stages, string? FormId = null)
{
    public static readonly ProcessInput Blank = new(null, null, null, null, null, ProcessStore.Join(Enum.GetValues<ProjectStage>()));

    public static ProcessInput From(ProcessDefinition process) => new(
        process.Name,
        process.Owner.Name,
        process.Summary,
        process.DocumentUrl,
        ProcessStore.Join(process.KnowledgeAreas),
        ProcessStore.Join(process.Stages));
}

/// <summary>What the form said: the process it describes (not yet stored), or what to fix.</summary>
public sealed record ProcessReading(ProcessDefinition? Process, IReadOnlyList<string> Errors);

/// <summary>
/// The knowledge areas a process can cover: the same areas lessons learned are filed under, so a lesson's category
/// finds the processes that cover it (<see cref="LessonCategories.AreaOf"/>).
/// </summary>
public static class KnowledgeAreas
{
    public static readonly IReadOnlyList<LessonCategory> All = LessonCategories.All.Where(c => c.Id == c.Area).ToList();

    public static string Describe(IEnumerable<string> areas) =>
        string.Join(", ", areas.Select(a => All.FirstOrDefault(k => k.Id == a)?.Title ?? a));
}

/// <summary>Reads and checks the process form: the rules every process satisfies, each error saying what to do.</summary>
public sealed class ProcessInputReader(PeopleDirectory people)
{
    public const int MinNameLength = 3;
    public const int MaxNameLength = 60;
    public const int MaxSummaryLength = 600;
    public const int MaxUrlLength = 500;

    /// <param name="current">The stored process being edited (its key, version and history stay), or null for a new one.</param>
    public async Task<ProcessReading> ReadAsync(ProcessInput input, ProcessDefinition? current, ProcessStamp by, IReadOnlyList<MentionedPerson> mentions, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var name = Clean(input.Name);
        if (name is null)
        {
            errors.Add("Give the process a name, e.g. Risk management.");
        }
        else if (name.Length is < MinNameLength or > MaxNameLength)
        {
            errors.Add($"The name is {name.Length} characters long; use {MinNameLength} to {MaxNameLength}.");
        }

        var owner = await OwnerAsync(Clean(input.Owner), mentions, errors, cancellationToken);
        var summary = Clean(input.Summary);
        if (summary is null)
        {
            errors.Add("Say in a sentence or two what the process is for.");
        }
        else if (summary.Length > MaxSummaryLength)
        {
            errors.Add($"The summary is {summary.Length} characters long; the most is {MaxSummaryLength}. Put the detail in the document.");
        }

        var url = Clean(input.DocumentUrl);
        if (url is null)
        {
            errors.Add("Give the link to the process document (SharePoint or any web address starting with https://).");
        }
        else if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"\"{MessageText.Shorten(url, 61)}\" is not a web address: copy the document's link, starting with https://.");
        }

        var areas = ProcessStore.Split(input.KnowledgeAreas).Select(a => a.ToLowerInvariant()).Distinct().ToList();
        var unknownAreas = areas.Where(a => !KnowledgeAreas.All.Any(k => k.Id == a)).ToList();
        if (areas.Count == 0)
        {
            errors.Add("Choose at least one knowledge area the process covers.");
        }
        else if (unknownAreas.Count > 0)
        {
            errors.Add($"Unknown knowledge area {string.Join(", ", unknownAreas)}: choose from {string.Join(", ", KnowledgeAreas.All.Select(k => k.Id))}.");
        }

        var stageTexts = ProcessStore.Split(input.Stages);
        var stages = stageTexts.Select(s => Enum.TryParse<ProjectStage>(s, ignoreCase: true, out var stage) && Enum.IsDefined(stage) ? (ProjectStage?)stage : null).ToList();
        if (stageTexts.Count == 0)
        {
            errors.Add("Choose the project stages the process applies to (all of them if it always applies).");
        }
        else if (stages.Any(s => s is null))
        {
            errors.Add($"Unknown stage in \"{MessageText.Shorten(input.Stages ?? string.Empty, 61)}\": choose from {string.Join(", ", Enum.GetValues<ProjectStage>())}.");
        }

        if (errors.Count > 0)
        {
            return new ProcessReading(null, errors);
        }

        var process = new ProcessDefinition(
            current?.Key ?? ProcessKey.From(name!),
            name!,
            owner!,
            summary!,
            url!,
            KnowledgeAreas.All.Select(k => k.Id).Where(areas.Contains).ToList(),
            stages.OfType<ProjectStage>().Distinct().Order().ToList(),
            current?.CurrentVersion ?? 0,
            current?.Created ?? by,
            by,
            current is null ? input.FormId : current.FormId);
        return new ProcessReading(process, []);
    }

    private async Task<ProcessOwner?> OwnerAsync(string? text, IReadOnlyList<MentionedPerson> mentions, List<string> errors, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            errors.Add("Name the process owner: a name, e-mail address or Entra object id of someone PmoBot knows.");
            return null;
        }

        switch (await people.FindAsync(text, mentions, cancellationToken))
        {
            case PersonSearch.Found found:
                return new ProcessOwner(found.User.UserKey, found.User.Name);
            case PersonSearch.Ambiguous ambiguous:
                errors.Add("Owner: " + ambiguous.Sentence);
                return null;
            default:
                errors.Add("Owner: " + new PersonSearch.NotFound(MessageText.Shorten(text, 61)).Sentence);
                return null;
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
