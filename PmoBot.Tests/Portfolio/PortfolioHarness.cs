using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Risks;
using PmoBot.Tests.Projects;
using PmoBot.Tests.Reviews.History;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;

namespace PmoBot.Tests.Portfolio;

/// <summary>
/// The portfolio commands over the run's Azurite, with real reviews (so <c>LatestStatus</c> rows are what the bot
/// writes) on a clock set to Wednesday of <see cref="ThisWeek"/>. The register and status partitions are shared by
/// every test: tests make their own projects in a fresh business unit and look only at those.
/// </summary>
public sealed class PortfolioHarness
{
    public static readonly CancellationToken None = CancellationToken.None;

    public static readonly ReviewPeriod ThisWeek = new(2026, 10);

    private PortfolioHarness(ReviewHistoryHarness reviews, LoggedRiskStore loggedRisks, WarningStore warnings)
    {
        Reviews = reviews;
        LoggedRisks = loggedRisks;
        Warnings = warnings;
        Reader = new PortfolioReader(reviews.Projects.Register, reviews.Statuses);
        Lookup = new ProjectStatusLookup(Scope, Reader, loggedRisks);
        Commands = new CommandRouter([new PortfolioCommands(Scope, Reader, Lookup, loggedRisks, warnings, Rules)]);
        CardActions = new CardActionRouter([new StatusRefreshCardAction(Scope, Reader, Lookup)]);
    }

    public ReviewHistoryHarness Reviews { get; }

    public ProjectsHarness Projects => Reviews.Projects;

    public FakeTimeProvider Time => Projects.People.Time;

    public LoggedRiskStore LoggedRisks { get; }

    /// <summary>The open partition is shared by every test that raises warnings: tests look only at their own projects.</summary>
    public WarningStore Warnings { get; }

    public WarningRules Rules { get; } = new(new WarningsOptions());

    /// <summary>The project harness's leaders: read on every request, so a test may configure leaders after creating them.</summary>
    public PortfolioOptions Options => Projects.Leaders;

    /// <summary>The scope the project, review history and warning commands of the harnesses below use too.</summary>
    public PortfolioScope Scope => Projects.Visibility;

    public PortfolioReader Reader { get; }

    public ProjectStatusLookup Lookup { get; }

    public CommandRouter Commands { get; }

    public CardActionRouter CardActions { get; }

    public static async Task<PortfolioHarness> CreateAsync()
    {
        var reviews = await ReviewHistoryHarness.CreateAsync();
        reviews.Projects.People.Time.SetUtcNow(new DateTimeOffset(ThisWeek.Monday.AddDays(2).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        var service = await AzuriteStorage.WithTablesAsync(LoggedRiskStore.TableName, WarningStore.TableName);
        return new PortfolioHarness(reviews, new LoggedRiskStore(service), new WarningStore(service));
    }

    public static ReviewAnswers Answers(Rag overall, decimal percentComplete, decimal actualCost, decimal? estimateAtCompletion = null, string? summary = null) =>
        ReviewHistoryHarness.Answers(overall, percentComplete, actualCost, estimateAtCompletion, summary);

    public Task<PmoUser> PersonAsync(string firstName, params Role[] roles) => Projects.PersonAsync(firstName, roles);

    /// <summary>Registers a project with a fresh code in <paramref name="businessUnit"/>, managed by <paramref name="manager"/>.</summary>
    public async Task<Project> ProjectAsync(PmoUser manager, string businessUnit, string? name = null, Func<Project, Project>? change = null)
    {
        var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(), manager, businessUnit: businessUnit) with { Name = name ?? $"Project {Guid.NewGuid().ToString("N")[..6]}" };
        return (await Projects.CreateAsync(change is null ? project : change(project))).Project;
    }

    public Task<SubmitOutcome> ReviewAsync(Project project, ReviewAnswers answers, ReviewPeriod? period = null) =>
        Reviews.SubmitAsync(project, period ?? ThisWeek, answers);

    public Task<bool> MissAsync(Project project, ReviewPeriod period) => Reviews.MissAsync(project, period);

    public Task LogRiskAsync(Project project, string description, RiskLevel probability, RiskLevel impact, string owner) =>
        LoggedRisks.AddAsync(new LoggedRisk(project.Code, Guid.NewGuid().ToString("N"), description, probability, impact, owner, "logger", "Logger", Time.GetUtcNow()), None);

    /// <summary>Stores an open warning episode for the project, as the monitor raises one.</summary>
    public async Task<WarningEpisode> WarnAsync(Project project, string ruleId, WarningSeverity severity)
    {
        var now = Time.GetUtcNow();
        var episode = new WarningEpisode(
            WarningEpisode.NewId(project.Code, ruleId, now), project.Code, project.Name, project.Manager.UserKey, project.Manager.Name, ruleId, severity, "headline", "trend", now, now, 1);
        return await Warnings.TryAddAsync(episode, None) ?? throw new InvalidOperationException($"{project.Code} already has an open {ruleId} warning");
    }

    public Task<Reply> SayAsync(PmoUser caller, string text, ConversationKind conversation = ConversationKind.Personal) =>
        Commands.RouteAsync(caller, text, conversation, [], None);

    /// <summary>What Teams does when <paramref name="viewer"/> opens a card with a refresh clause: invokes its action.</summary>
    public Task<Reply> RefreshAsync(PmoUser viewer, JsonObject card)
    {
        var action = card["refresh"]!["action"]!;
        return CardActions.RouteAsync(
            action["verb"]!.GetValue<string>(),
            new CardActionRequest(viewer, action["data"]!.DeepClone().AsObject(), ConversationKind.Channel),
            None);
    }

    /// <summary>The commands the card's buttons send, in order.</summary>
    public static IReadOnlyList<string> ButtonsOf(JsonObject card) =>
        (card["actions"]?.AsArray() ?? [])
            .Select(a => a!["data"]?["command"]?.GetValue<string>())
            .OfType<string>()
            .ToList();

    /// <summary>Answers with RAGs for the six dimensions (<c>scope schedule cost quality risk stakeholders</c>) in that order.</summary>
    public static ReviewAnswers WithDimensions(ReviewAnswers answers, params Rag[] rags)
    {
        foreach (var (dimension, rag) in WellKnownQuestions.Dimensions.Zip(rags))
        {
            answers = answers.With(dimension, ReviewAnswers.Canonical(rag));
        }

        return answers;
    }
}
