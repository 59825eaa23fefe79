using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Reviews.CheckIn;

/// <summary>
/// The review check-in over the run's Azurite: the real project register, questionnaire (the shared current
/// template), history and session stores, behind the command and card-action routers as the bot uses them. The clock
/// is Monday 23 November 2026, 10:00 UTC (week 2026-W48) unless a test moves it.
/// </summary>
public sealed class CheckInHarness
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static readonly ReviewPeriod Week48 = new(2026, 48);

    private static readonly CancellationToken None = CancellationToken.None;

    private CheckInHarness(ProjectsHarness projects, Azure.Data.Tables.TableServiceClient service, IEnumerable<IReviewEventsObserver>? observers = null)
    {
        Projects = projects;
        if (Time.GetUtcNow() < Monday)
        {
            Time.SetUtcNow(Monday);
        }

        Templates = new ReviewTemplateStore(service, Time);
        History = new ReviewHistory(new ReviewHistoryStore(service), new LatestStatusStore(service), new MissedReviewStore(service), Time);
        Sessions = new ReviewSessionStore(service);
        Starter = new ReviewStarter(projects.Register, Templates, History, Time);
        Submitter = new ReviewSubmitter(Sessions, Starter, projects.Register, Templates, History, Time, observers);
        var forms = new ReviewFormOpener(Sessions, Starter, Templates);
        Commands = new CommandRouter(
            [new ReviewCommands(Sessions, Starter, Templates, forms, Time), new ProjectCommands(projects.Register, projects.Visibility)],
            [new ReviewConversation(Sessions, Templates, Submitter, forms, Starter, Time)]);
        CardActions = new CardActionRouter(
            [new ReviewSubmitCardAction(Sessions, Templates, Submitter, History, Time), new ReviewEditCardAction(Sessions, Templates, Time), new ReviewFormSubmitCardAction(Templates, projects.Register, Submitter, Time, Sessions, History, Starter)]);
    }

    public ProjectsHarness Projects { get; }

    public FakeTimeProvider Time => Projects.People.Time;

    public ReviewTemplateStore Templates { get; }

    public ReviewHistory History { get; }

    public ReviewSessionStore Sessions { get; }

    public ReviewStarter Starter { get; }

    public ReviewSubmitter Submitter { get; }

    public CommandRouter Commands { get; }

    public CardActionRouter CardActions { get; }

    public static async Task<CheckInHarness> CreateAsync(IEnumerable<IReviewEventsObserver>? observers = null)
    {
        var projects = await ProjectsHarness.CreateAsync();
        var service = await AzuriteStorage.WithTablesAsync(
            ReviewTemplateStore.TableName, ReviewHistoryStore.TableName, LatestStatusStore.TableName, MissedReviewStore.TableName, ReviewSessionStore.TableName);
        return new CheckInHarness(projects, service, observers);
    }

    /// <summary>The same stores and storage with new objects: what a restart of the bot gives.</summary>
    public static async Task<CheckInHarness> RestartOfAsync(CheckInHarness before)
    {
        var service = await AzuriteStorage.WithTablesAsync(ReviewSessionStore.TableName);
        return new CheckInHarness(before.Projects, service);
    }

    /// <summary>A PM with <paramref name="count"/> active weekly projects of their own (codes no other test uses).</summary>
    public async Task<(PmoUser Pm, IReadOnlyList<string> Codes)> ManagerWithProjectsAsync(int count = 1)
    {
        var pm = await Projects.PersonAsync("Megan", Role.ProjectManager);
        var codes = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var code = ProjectsHarness.NewCode(i);
            await Projects.CreateAsync(ProjectsHarness.Valid(code, pm));
            codes.Add(code);
        }

        return (pm, codes.Order(StringComparer.OrdinalIgnoreCase).ToList());
    }

    public Task<Reply> SayAsync(PmoUser caller, string text, string locale = "en-GB") =>
        Commands.RouteAsync(caller, text, ConversationKind.Personal, [], None, new ChatPlace(locale, caller.UserKey, null));

    /// <summary>Clicks the button titled <paramref name="title"/> on the card (or inside one of its show-cards), with extra input values.</summary>
    public Task<Reply> ClickAsync(PmoUser caller, JsonObject card, string title, IReadOnlyDictionary<string, string?>? inputs = null, string locale = "en-GB")
    {
        var action = ActionsOf(card).First(a => a["title"]?.GetValue<string>() == title);
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var (id, value) in inputs ?? new Dictionary<string, string?>())
        {
            data[id] = value;
        }

        return CardActions.RouteAsync(action["verb"]!.GetValue<string>(), new CardActionRequest(caller, data, ConversationKind.Personal, locale), None);
    }

    public static IEnumerable<JsonObject> ActionsOf(JsonObject card) =>
        (card["actions"]?.AsArray() ?? []).Select(a => a!.AsObject())
            .SelectMany(a => a["type"]?.GetValue<string>() == "Action.ShowCard" ? ActionsOf(a["card"]!.AsObject()).Prepend(a) : [a]);

    /// <summary>What a PM would type for each question of the default template, in the en-GB locale.</summary>
    public static string AnswerFor(Question question) => question.Id switch
    {
        WellKnownQuestions.Overall => "a",
        WellKnownQuestions.Scope => "Green",
        WellKnownQuestions.Schedule => "amber",
        WellKnownQuestions.Cost => "G",
        WellKnownQuestions.Quality => "green",
        WellKnownQuestions.Risk => "Amber",
        WellKnownQuestions.Stakeholders => "g",
        WellKnownQuestions.PercentComplete => "40%",
        WellKnownQuestions.ActualCost => "€500,000",
        WellKnownQuestions.EstimateAtCompletion => "1.3m",
        WellKnownQuestions.NextMilestone => "Go-live",
        WellKnownQuestions.NextMilestoneDate => "15/10/2026",
        WellKnownQuestions.TopRisks => "Vendor late (H/M); Key engineer leaves - medium/high",
        WellKnownQuestions.Decisions => "Approve the extra test phase",
        WellKnownQuestions.Summary => "Build on track; testing is squeezed.",
        _ => question.Required ? question.Type switch
        {
            QuestionType.Rag => "green",
            QuestionType.Choice => question.ChoiceList[0],
            QuestionType.Number => (question.Min ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            QuestionType.Percent => "50",
            QuestionType.Money => "1000",
            QuestionType.Date => "2026-12-01",
            QuestionType.Risks => "none",
            _ => "Fine",
        } : "skip",
    };

    /// <summary>Answers every question from the one on screen to the summary; returns the last reply (the summary).</summary>
    public async Task<Reply> AnswerRestAsync(PmoUser pm, Func<Question, string>? answer = null)
    {
        var stored = (await Sessions.GetAsync(pm.UserKey, None))!;
        var template = (await Templates.GetAsync(stored.Session.TemplateVersion, None))!;
        Reply reply = Reply.Message(string.Empty);
        for (var step = stored.Session.Step; step < template.Questions.Count; step++)
        {
            reply = await SayAsync(pm, (answer ?? AnswerFor)(template.Questions[step]));
        }

        return reply;
    }
}
