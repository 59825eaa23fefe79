using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Digest;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Meetings;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Digest.DigestHarness;

namespace PmoBot.Tests.Digest;

/// <summary><c>digest now</c> typed by a PMO member over real HTTP: the card reaches the PMO alert channel through the outbox.</summary>
public sealed class DigestOverHttpTests
{
    [Fact]
    public async Task When_graph_is_slow_to_say_who_is_on_leave_digest_now_answers_at_once_and_the_card_follows()
    {
        await using var graph = await CalendarGraphStandIn.StartAsync();
        await using var run = await StartAsync(
            new Dictionary<string, string?>
            {
                ["Graph:BaseUrl"] = graph.BaseUrl,
                ["Graph:TenantId"] = Guid.NewGuid().ToString(),
                ["Graph:ClientId"] = Guid.NewGuid().ToString(),
                ["Graph:ClientSecret"] = "local-secret",
                ["Graph:AnswerWithin"] = "00:00:01",
            },
            // Every Graph call waits two seconds for its token, far longer than the answer may wait. (The digest reads
            // the calendars of every PM in the shared storage account, in their order, so the test cannot count on
            // which PM's call comes first; every one is slow.)
            services => services.AddSingleton<TokenCredential>(new SlowTokenCredential(TimeSpan.FromSeconds(2))));
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var megan = TestPerson.New("Megan");
        var pm = await run.Get<PeopleDirectory>().EnsureAsync(new UserProfile(megan.AadObjectId, megan.Name, megan.TeamsUserId, $"megan.{megan.AadObjectId[..8]}@contoso.example", "Europe/London", false, new HashSet<Role> { Role.ProjectManager }, DateTimeOffset.UtcNow), CancellationToken.None);
        await ProjectAsync(run, pm, ProjectsHarness.NewBusinessUnit());
        var channel = $"19:pmo-{Guid.NewGuid():N}@thread.tacv2";
        using (var here = await run.PostAsync(TeamsActivities.ChannelMessage(alex, "alerts here", channel, run.Connector.ServiceUrl)))
        {
            Assert.True(here.IsSuccessStatusCode);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answer = await run.SayAsync(alex, "digest now");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the answer took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.StartsWith("The digest is on its way: PmoBot is still reading who is on leave from Microsoft Graph", answer.Text, StringComparison.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!run.Connector.Sent.Any(a => a.ConversationId.StartsWith(channel, StringComparison.Ordinal) && a.Card is { } c && c.ToJsonString().Contains("Weekly digest, week", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the digest card never reached the PMO channel");
            await Task.Delay(100);
        }

        Assert.NotEmpty(graph.Requests);
    }

    /// <summary>Entra ID slow to hand out a token: the one edge of Graph these tests cannot run.</summary>
    private sealed class SlowTokenCredential(TimeSpan delay) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            return new AccessToken(MeetingsHarness.GraphToken, DateTimeOffset.UtcNow.AddHours(1));
        }
    }

    [Fact]
    public async Task Digest_now_from_a_pmo_member_posts_the_card_in_the_alert_channel_through_the_outbox()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channel = $"19:pmo-{Guid.NewGuid():N}@thread.tacv2";
        using (var here = await run.PostAsync(TeamsActivities.ChannelMessage(alex, "alerts here", channel, run.Connector.ServiceUrl)))
        {
            Assert.True(here.IsSuccessStatusCode);
        }

        var answer = await run.SayAsync(alex, "digest now");
        // Read within Graph:AnswerWithin the digest is described; on a machine too busy for that, it is on its way.
        Assert.True(
            answer.Text!.StartsWith("The digest is on its way", StringComparison.Ordinal)
            || (answer.Text.StartsWith("Weekly digest, week ", StringComparison.Ordinal) && answer.Text.Contains("posted to the channel **PMO**", StringComparison.Ordinal)),
            answer.Text);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        RecordingConnector.SentActivity? posted;
        while ((posted = run.Connector.Sent.FirstOrDefault(a => a.ConversationId.StartsWith(channel, StringComparison.Ordinal) && a.Card is { } c && c.ToJsonString().Contains("Weekly digest, week", StringComparison.Ordinal))) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the digest card never reached the PMO channel; sent: " + string.Join(", ", run.Connector.Sent.Select(a => a.ConversationId)));
            await Task.Delay(50);
        }

        await AdaptiveCardValidator.AssertValidAsync("digest", posted.Card!);
        var week = run.Get<WeeklyDigest>().WeekOf(DateTimeOffset.UtcNow);
        Assert.Contains(DigestCards.Title(new DigestContent(week, default, default, TimeZoneInfo.Utc, string.Empty, [])), posted.Card!.ToJsonString(), StringComparison.Ordinal);

        // A PM asking is refused, and nothing more reaches the channel.
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var posts = run.Connector.Sent.Count(a => a.ConversationId.StartsWith(channel, StringComparison.Ordinal));
        Assert.StartsWith("**digest now** is for", (await run.SayAsync(megan, "digest now")).Text, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Equal(posts, run.Connector.Sent.Count(a => a.ConversationId.StartsWith(channel, StringComparison.Ordinal)));
    }
}
