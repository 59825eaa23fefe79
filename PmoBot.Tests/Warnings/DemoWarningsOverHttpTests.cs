using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using PmoBot.Delivery;
using PmoBot.Demo;
using PmoBot.Reviews.CheckIn;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using Xunit.Abstractions;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Warnings;

/// <summary>
/// The README's early-warning walkthrough as a PMO lead meets it, over real HTTP, on an empty storage account of its
/// own (the demo seeded from scratch, the daily sweep on): a first start, <c>help</c> as Alex, a restart,
/// <c>@PmoBot alerts here</c> in a channel, then Megan's red review of PRJ-101 through the review form.
/// </summary>
public sealed class DemoWarningsOverHttpTests(ITestOutputHelper output) : SeededDemoRun
{
    private const string Project = "PRJ-101";

    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly TestPerson Alex = Demo("Alex Wilber");
    private static readonly TestPerson Megan = Demo("Megan Bowen");
    private static readonly TestPerson Adele = Demo("Adele Vance");
    private static readonly TestPerson Patti = Demo("Patti Fernandez");

    [Fact]
    public async Task After_a_restart_and_alerts_here_the_red_review_posts_one_card_for_the_project_in_the_chosen_channel_and_marks_the_old_one()
    {
        var channelId = $"19:{Guid.NewGuid():N}@thread.tacv2";
        await using (var first = Server())
        {
            using var client = await StartAsync(first);

            // The start-up sweep waits for the demo: its first run sees the seeded history and posts one card per
            // project to each PMO member (no channel is chosen yet). Nobody has opened PmoBot, so none arrives.
            var startPost = await WaitAsync(first, WarningAlerts.PostKey(Project, 1) + "|" + Alex.AadObjectId, r => r.IsFinal);
            Assert.Equal(DeliveryStatus.Failed, startPost.Status);
            var raised = await first.Services.GetRequiredService<WarningStore>().ListOpenAsync(None);
            Assert.Contains(raised, e => e.ProjectCode == Project && e.RuleId == CpiLowRule.RuleId && e.Severity == WarningSeverity.Watch);
            var posts = first.Services.GetRequiredService<WarningPostStore>();
            foreach (var code in raised.Select(e => e.ProjectCode).Distinct())
            {
                Assert.Equal(1, (await posts.GetAsync(code, None))!.Number);
            }

            output.WriteLine($"First start: {raised.Count} warnings on {raised.Select(e => e.ProjectCode).Distinct().Count()} projects: {string.Join("; ", raised.OrderBy(e => e.ProjectCode).Select(e => $"{e.ProjectCode} {e.RuleId} {e.Severity}"))}");
            Assert.NotEmpty(await SayAsync(client, Alex, "help"));
        }

        await using var second = Server();
        using var restarted = await StartAsync(second);
        var here = await ChannelSayAsync(restarted, Alex, "alerts here", channelId);
        Assert.Contains(TextsOf(here.Card), t => t.StartsWith("PMO alerts will be posted here", StringComparison.Ordinal) && t.Contains("early warnings are open on three projects", StringComparison.Ordinal));
        Assert.Contains(TextsOf(here.Card), t => t.Contains($"**{Project}**", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("open warnings listed by alerts here", here.Card!);

        var form = await FormAsync(restarted);
        using (var submitted = await PostAsync(restarted, TeamsActivities.CardExecute(Megan, ReviewForm.SubmitVerb, form, Connector.ServiceUrl)))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
            Assert.Contains($"Submitted: {Project}", await submitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Escalated (CPI watch to critical): a new card, where the PMO chose now, for the whole project.
        var posted = await WaitAsync(second, WarningAlerts.PostKey(Project, 2) + "|channel", r => r.Status == DeliveryStatus.Sent);
        Assert.Equal(channelId, posted.Target.Key);
        var replaced = await WaitAsync(second, WarningAlerts.PostKey(Project, 1) + "|" + Alex.AadObjectId + "|replaced", r => r.IsFinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var cards = Connector.Sent.Where(a => a.ConversationId == channelId && WarningsHarness.IsCardOf(a.Card, Project)).ToList();
        var card = Assert.Single(cards).Card!;
        Assert.Equal("POST", cards[0].Method);
        var rows = WarningsHarness.RowsOf(card);
        output.WriteLine("The red review's card: " + string.Join(" | ", rows));
        Assert.StartsWith("**1. 🔴 ", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Contains("Cost performance low** (Critical): CPI 0.69 is below 0.80.", StringComparison.Ordinal));
        Assert.Null(await Deliveries(second).GetAsync(WarningAlerts.PostKey(Project, 3) + "|channel", None));

        // The first card reached neither Alex nor Patti: a "see the new card" would be the only message in their chats,
        // so it is dropped with the reason (Alex, who has opened PmoBot since) and nothing is sent.
        Assert.Equal(DeliveryStatus.Dropped, replaced.Status);
        Assert.StartsWith("Not sent: it points away from a message that never reached this chat", replaced.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(Connector.Sent, a => TextsOf(a.Card).Any(t => t.Contains("see the new card", StringComparison.Ordinal)));
        var dropped = await WaitAsync(second, WarningAlerts.PostKey(Project, 1) + "|" + Patti.AadObjectId + "|replaced", r => r.IsFinal);
        Assert.Equal(DeliveryStatus.Dropped, dropped.Status);
        Assert.Contains("had not opened PmoBot yet", dropped.LastError, StringComparison.Ordinal);

        // One note each for the PM and the deputy PM.
        var note = await WaitAsync(second, WarningAlerts.NoteKey(Project, 2, Megan.AadObjectId), r => r.Status == DeliveryStatus.Sent);
        Assert.Equal(rows.Count, WarningsHarness.RowsOf(note.Card).Count);
        Assert.NotNull(await Deliveries(second).GetAsync(WarningAlerts.NoteKey(Project, 2, Adele.AadObjectId), None));
        Assert.Single(Connector.Sent, a => a.ConversationId == TeamsActivities.PersonalConversation(Megan).Id && TextsOf(a.Card).Any(t => t.StartsWith($"Early warnings on your project {Project}", StringComparison.Ordinal)));
        await AdaptiveCardValidator.AssertAllValidAsync([("the red review's card", card), ("the PM's note", note.Card!)]);
    }

    private PmoBotServer Server() => Server(new Dictionary<string, string?> { ["Warnings:SweepEnabled"] = "true" });

    private static DeliveryStore Deliveries(PmoBotServer server) => server.Services.GetRequiredService<DeliveryStore>();

    private static async Task<DeliveryRecord> WaitAsync(PmoBotServer server, string key, Func<DeliveryRecord, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var record = await Deliveries(server).GetAsync(key, None);
            if (record is not null && done(record))
            {
                return record;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{key}: {record?.Status} {record?.LastError}");
            await Task.Delay(100);
        }
    }

    /// <summary>Megan opens the review form for PRJ-101 and answers the README's red review: overall Red, 40% complete, actual cost 700000.</summary>
    private async Task<JObject> FormAsync(HttpClient client)
    {
        var card = JsonNode.Parse(await SayAsync(client, Megan, $"review form {Project}"))!.AsObject();
        var submit = Reviews.CheckIn.CheckInHarness.ActionsOf(card).Single(a => a["verb"]?.GetValue<string>() == ReviewForm.SubmitVerb);
        var data = JObject.Parse(submit["data"]!.ToJsonString());
        foreach (var input in card["body"]!.AsArray().Select(e => e!.AsObject()).Where(e => e["id"]?.GetValue<string>() is { } id && id.StartsWith("answer_", StringComparison.Ordinal)))
        {
            data[input["id"]!.GetValue<string>()] = input["value"]?.GetValue<string>();
        }

        data["answer_overall"] = "Red";
        data["answer_percentComplete"] = "40";
        data["answer_actualCost"] = "700000";
        return data;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Microsoft.Bot.Schema.Activity activity) =>
        client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json"));

    /// <summary>Posts a personal message and returns the bot's last reply to it (a card reply as its JSON).</summary>
    private async Task<string> SayAsync(HttpClient client, TestPerson person, string text)
    {
        var activity = TeamsActivities.PersonalMessage(person, text, Connector.ServiceUrl);
        var before = Connector.Sent.Count(a => a.ConversationId == activity.Conversation.Id);
        using var response = await PostAsync(client, activity);
        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode} for \"{text}\"");
        var reply = (await Connector.WaitForAsync(activity.Conversation.Id, before + 1))[^1];
        return reply.Card?.ToJsonString() ?? reply.Text ?? string.Empty;
    }

    private async Task<RecordingConnector.SentActivity> ChannelSayAsync(HttpClient client, TestPerson person, string text, string channelId)
    {
        var activity = TeamsActivities.ChannelMessage(person, text, channelId, Connector.ServiceUrl);
        using var response = await PostAsync(client, activity);
        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode} for \"{text}\"");
        return (await Connector.WaitForAsync(activity.Conversation.Id, 1))[^1];
    }
}
