using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Reviews.CheckIn;

/// <summary>
/// A review answer over real HTTP on <c>/api/messages</c> reads what it needs (the caller's profile and the open
/// session) side by side with its duplicate check instead of after it, and still does its work exactly once: a second
/// delivery of the same answer, also one that arrives while the first is being handled, changes nothing.
/// </summary>
public sealed class ReviewAnswerTurnTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task An_answer_reads_the_profile_and_the_session_while_its_duplicate_check_is_still_out()
    {
        var watch = new ClaimWatch();
        await using var bot = await BotOverHttp.StartAsync(services => services.AddSingleton(_ => watch.Storage()));
        var (megan, code) = await PmWithProjectAsync(bot);
        await megan.SayAsync("hello");
        Assert.Contains("question 1 of", (await megan.SayAsync("review")).Text, StringComparison.Ordinal);

        // The duplicate check's insert is held until both reads have gone out; a turn that read only after its
        // claim was answered would hold it for the whole timeout and then read.
        watch.HoldNextClaimFor(megan.Person.AadObjectId);
        var answered = await megan.SayAsync("red");

        Assert.True(watch.ReadsSentWhileClaimHeld, "the profile and the review session were read only after the duplicate check was answered");
        Assert.Contains("question 2 of", answered.Text, StringComparison.Ordinal);
        var session = (await SessionsAsync(megan)).Session;
        Assert.Equal((code, 1, "Red"), (session.ProjectCode, session.Step, session.Answers.Text(WellKnownQuestions.Overall)));
    }

    [Fact]
    public async Task A_second_delivery_of_an_answer_advances_the_review_once_also_when_both_arrive_together_and_the_next_answer_is_taken()
    {
        await using var bot = await BotOverHttp.StartAsync();
        var (megan, _) = await PmWithProjectAsync(bot);
        await megan.SayAsync("hello");
        await megan.SayAsync("review");
        var before = bot.Connector.Sent.Count(a => a.ConversationId == megan.ConversationId);
        var red = megan.Message("red");

        // Two deliveries at once: both read the session before either claims the activity.
        await Task.WhenAll(megan.PostAsync(red), megan.PostAsync(red));
        // And Teams' retry after the answer went out.
        await megan.PostAsync(red);

        var sent = await bot.Connector.WaitForAsync(megan.ConversationId, before + 2, TimeSpan.FromSeconds(1));
        Assert.Contains("question 2 of", Assert.Single(sent.Skip(before)).Text, StringComparison.Ordinal);
        var stored = await SessionsAsync(megan);
        Assert.Equal((1, "Red"), (stored.Session.Step, stored.Session.Answers.Text(WellKnownQuestions.Overall)));

        // The twin: the next answer, a new activity, is taken and moves the review on.
        var green = await megan.SayAsync("green");

        Assert.Contains("question 3 of", green.Text, StringComparison.Ordinal);
        var after = await SessionsAsync(megan);
        Assert.Equal((2, "Green"), (after.Session.Step, after.Session.Answers.Text(WellKnownQuestions.Scope)));
        Assert.NotEqual(stored.ETag, after.ETag);
    }

    [Fact]
    public async Task In_the_apps_router_with_both_review_flows_read_ahead_an_answer_the_weekly_review_takes_leaves_the_open_opportunity_review_untouched()
    {
        await using var bot = await BotOverHttp.StartAsync();
        var services = bot.Server.Services;
        var router = services.GetRequiredService<CommandRouter>();
        var weekly = services.GetRequiredService<ReviewTemplateStore>();
        var opportunities = services.GetRequiredService<OpportunityTemplates>();
        var pm = new PmoUser(Guid.NewGuid().ToString(), "Megan Bowen", null, null, "Europe/London", new HashSet<Role> { Role.ProjectManager }, false, null);
        var sessions = new ReviewSessionStore(new TableServiceClient(AzuriteStorage.ConnectionString));
        await sessions.TrySaveAsync(SessionOf(pm, "PRJ-" + Guid.NewGuid().ToString("N")[..8], (await weekly.GetCurrentAsync(None)).Version), null, None);
        await opportunities.Sessions.TrySaveAsync(SessionOf(pm, "OPP-" + Guid.NewGuid().ToString("N")[..8], (await opportunities.Templates.GetCurrentAsync(None)).Version), null, None);
        var opportunityBefore = (await opportunities.Sessions.GetAsync(pm.UserKey, None))!;

        var answered = await router.RouteAsync(pm, "red", ConversationKind.Personal, [], None, new ChatPlace("en-GB", pm.UserKey, null), router.PrepareFlows(pm.UserKey, None));
        var reviewAnswered = (await sessions.GetAsync(pm.UserKey, None))!;
        // A command neither review takes as an answer runs as a command.
        var whoami = await router.RouteAsync(pm, "whoami", ConversationKind.Personal, [], None, new ChatPlace("en-GB", pm.UserKey, null), router.PrepareFlows(pm.UserKey, None));

        Assert.Contains("question 2 of", answered.Text, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", whoami.Card!.ToJsonString(), StringComparison.Ordinal);
        var review = (await sessions.GetAsync(pm.UserKey, None))!;
        Assert.Equal((reviewAnswered.ETag, 1, "Red"), (review.ETag, review.Session.Step, review.Session.Answers.Text(WellKnownQuestions.Overall)));
        // Had the opportunity review been asked about "red" (not one of its answers), it would have asked again and saved.
        var opportunityAfter = (await opportunities.Sessions.GetAsync(pm.UserKey, None))!;
        Assert.Equal((opportunityBefore.ETag, 0), (opportunityAfter.ETag, opportunityAfter.Session.Step));
    }

    private static ReviewSession SessionOf(PmoUser pm, string code, int templateVersion)
    {
        var now = DateTimeOffset.UtcNow;
        return new ReviewSession(
            pm.UserKey, Guid.NewGuid().ToString("N"), code, "Claims portal rebuild", "EUR", PmoBot.Reviews.ReviewPeriod.Of(now, TimeZoneInfo.Utc), templateVersion,
            ReviewStage.Answering, 0, false, false, ReviewAnswers.Empty, ReviewAnswers.Empty, [], now, now);
    }

    private static async Task<(HttpChat Chat, string Code)> PmWithProjectAsync(BotOverHttp bot)
    {
        var harness = await ProjectsHarness.CreateAsync();
        var person = TestPerson.New("Megan");
        var pm = await harness.People.PersonAsync(person, Role.ProjectManager);
        var code = ProjectsHarness.NewCode();
        await harness.CreateAsync(ProjectsHarness.Valid(code, pm));
        return (bot.ChatWith(person), code);
    }

    private static async Task<StoredReviewSession> SessionsAsync(HttpChat chat) =>
        (await new ReviewSessionStore(new TableServiceClient(AzuriteStorage.ConnectionString)).GetAsync(chat.Person.AadObjectId, None))!;

    /// <summary>
    /// The bot's storage client with a watch on the wire: when armed, it holds the next duplicate-check insert until
    /// the caller's profile and review session reads have both been sent, or five seconds have passed.
    /// </summary>
    private sealed class ClaimWatch : HttpPipelinePolicy
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

        private volatile Armed? armed;

        public bool ReadsSentWhileClaimHeld { get; private set; }

        public TableServiceClient Storage()
        {
            var options = new TableClientOptions();
            options.AddPolicy(this, HttpPipelinePosition.PerCall);
            return new TableServiceClient(AzuriteStorage.ConnectionString, options);
        }

        public void HoldNextClaimFor(string userKey)
        {
            ReadsSentWhileClaimHeld = false;
            armed = new Armed(userKey);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var path = Uri.UnescapeDataString(message.Request.Uri.Path);
            if (armed is { } watch)
            {
                if (message.Request.Method == RequestMethod.Get)
                {
                    watch.Saw(path);
                }
                else if (message.Request.Method == RequestMethod.Post && path.EndsWith("/" + ProcessedActivityStore.TableName, StringComparison.Ordinal))
                {
                    armed = null;
                    var bothRead = watch.BothReadAsync();
                    ReadsSentWhileClaimHeld = await Task.WhenAny(bothRead, Task.Delay(Patience)) == bothRead;
                }
            }

            await ProcessNextAsync(message, pipeline);
        }

        private sealed class Armed(string userKey)
        {
            private readonly TaskCompletionSource profile = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource session = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task BothReadAsync() => Task.WhenAll(profile.Task, session.Task);

            public void Saw(string path)
            {
                var key = $"(PartitionKey='{userKey}'";
                if (path.Contains($"/{UserStore.TableName}{key}", StringComparison.Ordinal))
                {
                    profile.TrySetResult();
                }
                else if (path.Contains($"/{ReviewSessionStore.TableName}{key}", StringComparison.Ordinal))
                {
                    session.TrySetResult();
                }
            }
        }
    }
}
