using PmoBot.Digest;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Digest.DigestHarness;

namespace PmoBot.Tests.Digest;

/// <summary><c>digest now</c> typed by a PMO member over real HTTP: the card reaches the PMO alert channel through the outbox.</summary>
public sealed class DigestOverHttpTests
{
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
        Assert.Contains("posted to the channel **PMO**", answer.Text, StringComparison.Ordinal);
        Assert.StartsWith("Weekly digest, week ", answer.Text, StringComparison.Ordinal);

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
