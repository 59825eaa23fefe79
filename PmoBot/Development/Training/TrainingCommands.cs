using System.Globalization;
using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.Development.Certifications;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Training;

public sealed class TrainingCommands(
    TrainingCatalogueStore catalogue,
    DevelopmentPlanStore plans,
    TrainingCoverage coverage,
    TrainingSuggestions suggestions,
    PeopleDirectory people,
    CertificationLedger ledger,
    TimeProvider time) : ICommandModule
{
    private static readonly IReadOnlySet<Role> PmoAndLeaders = new HashSet<Role> { Role.Pmo, Role.Leader, Role.Admin };

    public IEnumerable<CommandDefinition> Commands =>
    [
        new("training", "training [knowledge area]", "The training catalogue, e.g. training risk", ProjectAccess.AnyRole, CatalogueAsync),
        new("training coverage", "training coverage", "Per knowledge area: PMs trained, planned or with nothing; who is behind plan", PmoAndLeaders, CoverageAsync),
        new("plan", "plan [person]", "Your development plan, with training suggested by your projects' warnings (the PMO and leaders: anyone's)", ProjectAccess.AnyRole, PlanAsync) { PersonalChatOnly = true },
        new("plan add", "plan add ‹programme id› [due ‹yyyy-MM-dd›]", "Put a catalogue programme in your plan (due in 3 months unless given)", ProjectAccess.AnyRole, AddAsync) { PersonalChatOnly = true },
        new("plan start", "plan start ‹programme id›", "Mark a programme of your plan in progress", ProjectAccess.AnyRole, (r, ct) => SetAsync(r, PlanStatus.InProgress, ct)) { PersonalChatOnly = true },
        new("plan done", "plan done ‹programme id›", "Mark a programme of your plan done", ProjectAccess.AnyRole, (r, ct) => SetAsync(r, PlanStatus.Done, ct)) { PersonalChatOnly = true },
        new("plan drop", "plan drop ‹programme id›", "Take a programme out of your plan", ProjectAccess.AnyRole, (r, ct) => SetAsync(r, PlanStatus.Dropped, ct)) { PersonalChatOnly = true },
    ];

    private async Task<Reply> CatalogueAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        string? area = null;
        if (request.Arguments.Trim().Length > 0 && (area = KnowledgeAreas.Parse(request.Arguments)) is null)
        {
            return Reply.Message($"\"{request.Arguments.Trim()}\" is not a knowledge area; they are {KnowledgeAreas.Choices}.");
        }

        var all = await catalogue.ListAsync(cancellationToken);
        var programmes = all.Where(p => area is null || p.KnowledgeArea == area).ToList();
        return Reply.WithCard(TrainingCards.Catalogue(programmes, area, await ExampleAsync(request.Caller, programmes.Count > 0 ? programmes : all, cancellationToken)), $"{programmes.Count} programmes");
    }

    /// <summary>A <c>plan add</c> that works when typed: a programme the person has not done (nor has under way), due three months from their today.</summary>
    private async Task<string> ExampleAsync(PmoUser caller, IReadOnlyList<Programme> programmes, CancellationToken cancellationToken)
    {
        var taken = (await plans.ListAsync(caller.UserKey, cancellationToken)).Where(i => i.Status is PlanStatus.Done or PlanStatus.InProgress).Select(i => i.ProgrammeId).ToHashSet(StringComparer.Ordinal);
        var id = programmes.OrderBy(p => p.KnowledgeArea, StringComparer.Ordinal).ThenBy(p => p.Level).Select(p => p.Id).FirstOrDefault(p => !taken.Contains(p)) ?? (programmes.Count > 0 ? programmes[0].Id : "TR-RISK-1");
        return $"plan add {id} {CertificationForms.TypedDate(ledger.Today(caller).AddMonths(3))}";
    }

    private async Task<Reply> CoverageAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var report = await coverage.BuildAsync(ledger.Today(request.Caller), cancellationToken);
        return Reply.WithCard(TrainingCards.Coverage(report), $"Training coverage of {report.ProjectManagers} PMs");
    }

    private async Task<Reply> PlanAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var whose = request.Caller;
        if (request.Arguments.Trim().Length > 0)
        {
            if (!request.Caller.HasAny(PmoAndLeaders))
            {
                return Reply.Message("Plans are personal: you see your own (**plan**); the PMO and leaders see anyone's.");
            }

            switch (await people.FindAsync(request.Arguments, request.Mentions, cancellationToken))
            {
                case PersonSearch.Found found:
                    whose = found.User;
                    break;
                case PersonSearch.Ambiguous ambiguous:
                    return Reply.Message(ambiguous.Sentence);
                default:
                    return Reply.Message(new PersonSearch.NotFound(request.Arguments.Trim()).Sentence);
            }
        }

        return await PlanCardAsync(whose, request.Caller, null, cancellationToken);
    }

    private async Task<Reply> AddAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Equals("due", StringComparison.OrdinalIgnoreCase)).ToList();
        if (words.Count == 0)
        {
            return Reply.Message($"Which programme? Type **plan add** and its id, e.g. {await ExampleAsync(request.Caller, await catalogue.ListAsync(cancellationToken), cancellationToken)}; **training** lists the catalogue.");
        }

        var programme = await catalogue.GetAsync(words[0], cancellationToken);
        if (programme is null)
        {
            return Reply.Message($"\"{words[0]}\" is not in the training catalogue. Type **training** to see the programmes and their ids.");
        }

        var today = ledger.Today(request.Caller);
        var due = today.AddMonths(3);
        if (words.Count > 1 && !DateOnly.TryParseExact(words[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out due))
        {
            return Reply.Message($"\"{words[1]}\" is not a date as yyyy-MM-dd (like {CertificationForms.TypedDate(today.AddMonths(3))}). Nothing was added.");
        }

        if (due < today)
        {
            return Reply.Message($"The due date {DateText.Display(due)} has passed; give one from today on. Nothing was added.");
        }

        var existing = (await plans.ListAsync(request.Caller.UserKey, cancellationToken)).FirstOrDefault(i => i.ProgrammeId == programme.Id);
        var status = existing is { Status: PlanStatus.InProgress or PlanStatus.Done } ? existing.Status : PlanStatus.Planned;
        await plans.SaveAsync(new PlanItem(request.Caller.UserKey, request.Caller.Name, programme.Id, due, status, time.GetUtcNow()), cancellationToken);
        var note = existing is null
            ? $"Added {programme.Id} {programme.Title}, due {DateText.Display(due)}."
            : $"{programme.Id} is now due {DateText.Display(due)}.";
        return await PlanCardAsync(request.Caller, request.Caller, note, cancellationToken);
    }

    private async Task<Reply> SetAsync(CommandRequest request, PlanStatus status, CancellationToken cancellationToken)
    {
        var id = TrainingText.NormalizeId(request.Arguments);
        var verb = status switch { PlanStatus.InProgress => "start", PlanStatus.Done => "done", _ => "drop" };
        if (id.Length == 0)
        {
            return Reply.Message($"Which programme? Type **plan {verb}** and its id; **plan** shows yours.");
        }

        var item = (await plans.ListAsync(request.Caller.UserKey, cancellationToken)).FirstOrDefault(i => i.ProgrammeId == id);
        if (item is null)
        {
            return Reply.Message($"{id} is not in your plan. Type **plan** to see it, or **plan add {id}** to add it.");
        }

        if (item.Status == status)
        {
            return Reply.Message($"{id} is already {TrainingText.Describe(status).ToLowerInvariant()}; nothing changed.");
        }

        await plans.SaveAsync(item with { Status = status, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return await PlanCardAsync(request.Caller, request.Caller, $"{id}: {TrainingText.Describe(status).ToLowerInvariant()}.", cancellationToken);
    }

    private async Task<Reply> PlanCardAsync(PmoUser whose, PmoUser reader, string? note, CancellationToken cancellationToken)
    {
        var programmes = (await catalogue.ListAsync(cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var items = (await plans.ListAsync(whose.UserKey, cancellationToken)).Select(i => (i, programmes.GetValueOrDefault(i.ProgrammeId))).ToList();
        var offered = await suggestions.ForAsync(whose.UserKey, cancellationToken);
        return Reply.WithCard(TrainingCards.Plan(whose.Name, items, offered, ledger.Today(whose), reader, own: whose.UserKey == reader.UserKey, note), note ?? $"Development plan of {whose.Name}");
    }
}

/// <summary>A CSV file whose name starts with "training", sent by the PMO in chat: the catalogue import, answered with its report.</summary>
public sealed class TrainingCsvUpload(UploadedFileDownloader downloader, TrainingCsvImporter importer, IOptions<ProjectImportOptions> options) : IFileUploadHandler
{
    public const string Prefix = "training";

    public IReadOnlySet<string> FileTypes { get; } = new HashSet<string> { "csv" };

    public string Purpose => "the training catalogue as CSV";

    public string? NamePrefix => Prefix;

    public async Task<Reply> HandleAsync(FileUploadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Caller.HasAny(Roles.PmoOrAdmin))
        {
            return Reply.Message($"Thanks for {request.File.Name}, but only the PMO maintains the training catalogue, so I did nothing with it.");
        }

        var download = await downloader.DownloadAsync(request.File, options.Value.MaxFileBytes, "Nothing was imported", cancellationToken);
        if (download is FileDownload.Refused refused)
        {
            return Reply.Message(refused.Reason);
        }

        using var content = ((FileDownload.Downloaded)download).Content;
        var report = await importer.ImportAsync(content, cancellationToken);
        return Reply.WithCard(TrainingCards.ImportReport(request.File.Name, report), $"{request.File.Name}: {report.Summary}");
    }
}
