using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Processes;

/// <summary>
/// A rollout as Teams drives it: the PMO publishes from the card, the app's own worker and outbox post the personal
/// cards and the channel announcement to the Bot Connector, Teams posts a read receipt event, and a PM presses
/// <b>I have read and understood</b> as an <c>adaptiveCard/action</c> invoke.
/// </summary>
public sealed class RolloutOverHttpTests
{
    [Fact]
    public async Task The_pmo_publishes_the_pms_get_their_cards_a_read_receipt_makes_one_seen_and_the_other_acknowledges()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (lead, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (adele, adeleUser) = await run.PersonAsync("Adele", Role.ProjectManager);
        await run.SayAsync(megan, "hi");
        await run.SayAsync(adele, "hi");
        var channelId = $"19:{Guid.NewGuid():N}@thread.tacv2";
        var inChannel = TeamsActivities.ChannelMessage(lead, "processes", channelId, run.Connector.ServiceUrl);
        using (var response = await run.PostAsync(inChannel))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        var name = NewName();
        var form = (await run.SayAsync(lead, "process add")).Card!;
        await run.PressAsync(lead, form, "Save", ValidForm(name, pmo));
        var publishForm = (await run.SayAsync(lead, $"process publish {name}")).Card!;
        Assert.Contains(TextsOf(publishForm), t => t == "PMO");
        var published = ProcessesHttpRun.CardOf(await run.PressAsync(lead, publishForm, "Publish", new Dictionary<string, string?>(RolloutForms.Inputs(AudienceKind.People, RolloutForms.Named([meganUser, adeleUser]), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14)))
        {
            [VersionForm.ChannelsField] = channelId,
        }));
        Assert.Contains(TextsOf(published), t => t.Contains("Personal cards are on their way to 2 people", StringComparison.Ordinal));

        var meganCard = await run.WaitForCardAsync(TeamsActivities.PersonalConversation(megan).Id, c => TextsOf(c).Contains(RolloutCards.AcknowledgeTitle));
        var adeleCard = await run.WaitForCardAsync(TeamsActivities.PersonalConversation(adele).Id, c => TextsOf(c).Contains(RolloutCards.AcknowledgeTitle));
        var announcement = await run.WaitForCardAsync(channelId, c => TextsOf(c).Any(t => t.StartsWith("📣", StringComparison.Ordinal)));
        Assert.Contains(TextsOf(announcement.Card), t => t.Contains("named people", StringComparison.Ordinal));
        var key = ProcessKey.From(name);
        var sent = await run.Get<DeliveryStore>().WaitForSentAsync(RolloutCard.First.KeyFor(key, 1, meganUser.UserKey));
        Assert.NotNull(sent.SentActivityId);

        // Megan reads her chat up to the card: Teams posts the read receipt.
        using (var receipt = await run.PostJsonAsync(ProcessesHttpRun.ReadReceiptJson(megan, sent!.SentActivityId!, run.Connector.ServiceUrl)))
        {
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        }

        var seen = (await run.SayAsync(lead, $"rollout {name}")).Card!;
        Assert.Contains(("Seen, not acknowledged", "1 (50%)"), FactsOf(seen));
        Assert.Contains(("Pending", "1 (50%)"), FactsOf(seen));

        // Adele presses the button on her card.
        var done = ProcessesHttpRun.CardOf(await run.PressAsync(adele, adeleCard.Card!, RolloutCards.AcknowledgeTitle));
        Assert.Contains(TextsOf(done), t => t.StartsWith("✅ You confirmed on", StringComparison.Ordinal));

        var after = (await run.SayAsync(lead, $"rollout {name}")).Card!;
        Assert.Contains(("Acknowledged", "1 (50%)"), FactsOf(after));
        Assert.Contains(("Seen, not acknowledged", "1 (50%)"), FactsOf(after));
        var rows = await run.Get<RolloutStore>().ListPeopleAsync(key, 1, CancellationToken.None);
        Assert.Equal(AcknowledgementState.Seen, rows.Single(r => r.UserKey == meganUser.UserKey).State);
        Assert.NotNull(rows.Single(r => r.UserKey == adeleUser.UserKey).AcknowledgedAt);
        await AdaptiveCardValidator.AssertAllValidAsync([("personal card over http", meganCard.Card!), ("announcement", announcement.Card!), ("done over http", done), ("rollout over http", after)]);
    }

    [Fact]
    public async Task A_pm_whose_card_never_reached_her_is_told_on_her_welcome_and_confirms_on_the_card_process_gives_her()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (lead, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        // Known to PmoBot (a role granted) but never opened it: her personal card cannot reach her.
        await new UserStore(run.Get<Azure.Data.Tables.TableServiceClient>()).UpdateAsync(meganUser.UserKey, p => p! with { FirstSeenAt = null }, CancellationToken.None);
        var name = NewName();
        var form = (await run.SayAsync(lead, "process add")).Card!;
        await run.PressAsync(lead, form, "Save", ValidForm(name, pmo));
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14);
        var publishForm = (await run.SayAsync(lead, $"process publish {name}")).Card!;
        await run.PressAsync(lead, publishForm, "Publish", new Dictionary<string, string?>(RolloutForms.Inputs(AudienceKind.People, RolloutForms.Named([meganUser]), due)));
        var key = ProcessKey.From(name);
        await run.Get<DeliveryStore>().WaitForFailedAsync(RolloutCard.First.KeyFor(key, 1, meganUser.UserKey));

        var welcome = TextsOf((await run.SayAsync(megan, "hello")).Card);
        var card = (await run.SayAsync(megan, $"process {name}")).Card!;
        var done = ProcessesHttpRun.CardOf(await run.PressAsync(megan, card, RolloutCards.AcknowledgeTitle));
        var afterwards = (await run.SayAsync(megan, $"process {name}")).Card!;
        var leadsWelcome = TextsOf((await run.SayAsync(TestPerson.New("Patti"), "hello")).Card);

        Assert.Contains($"Process updates for you to read and confirm: **{name}, version 1** (by {ProcessText.Date(due)}). Type **process {name}** to read it and confirm.", welcome);
        Assert.Contains(TextsOf(card), t => t == RolloutCards.AcknowledgeTitle);
        Assert.Contains(TextsOf(done), t => t.StartsWith("✅ You confirmed on", StringComparison.Ordinal));
        Assert.NotNull((await run.Get<RolloutStore>().GetPersonAsync(key, 1, meganUser.UserKey, CancellationToken.None))!.AcknowledgedAt);
        // Once confirmed, process shows the library's card again, and nobody outside the rollout is told of it.
        Assert.DoesNotContain(TextsOf(afterwards), t => t == RolloutCards.AcknowledgeTitle);
        Assert.Contains(FactsOf(afterwards), f => f.Title == "Current version" && f.Value.StartsWith("1, effective ", StringComparison.Ordinal));
        Assert.DoesNotContain(leadsWelcome, t => t.Contains("Process updates", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollout_export_offers_a_csv_file_in_personal_chat_and_uploads_it_when_accepted_and_a_pm_cannot_take_it()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        await using var oneDrive = await OneDriveStandIn.StartAsync();
        var (lead, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (adele, adeleUser) = await run.PersonAsync("Adele", Role.ProjectManager);
        var name = NewName();
        var form = (await run.SayAsync(lead, "process add")).Card!;
        await run.PressAsync(lead, form, "Save", ValidForm(name, pmo));
        var publishForm = (await run.SayAsync(lead, $"process publish {name}")).Card!;
        await run.PressAsync(lead, publishForm, "Publish", new Dictionary<string, string?>(RolloutForms.Inputs(AudienceKind.People, RolloutForms.Named([meganUser, adeleUser]), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14))));
        var key = ProcessKey.From(name);
        await run.PressAsync(adele, (await run.SayAsync(adele, $"process {name}")).Card!, RolloutCards.AcknowledgeTitle);

        var offer = await run.SayAsync(lead, $"rollout export {name}");

        var fileName = $"{key}-v1-rollout.csv";
        Assert.Equal($"{fileName}: 2 people (1 acknowledged, 1 not yet). Accept it below and Teams saves it to your OneDrive.", offer.Text);
        var attachment = offer.Body["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.teams.card.file.consent", attachment["contentType"]!.GetValue<string>());
        Assert.Equal(fileName, attachment["name"]!.GetValue<string>());
        var context = JObject.Parse(attachment["content"]!["acceptContext"]!.ToJsonString());

        // Megan, a PM, answers the same offer (a forwarded or forged context): nothing is uploaded for her.
        var refused = await ConsentAsync(run, megan, context, oneDrive.UploadUrl + "megan", fileName);
        Assert.Contains("Rollout lists are for the PMO", refused.Text, StringComparison.Ordinal);
        Assert.Empty(oneDrive.Uploaded);

        var info = await ConsentAsync(run, lead, context, oneDrive.UploadUrl + "alex", fileName);

        var (range, body) = Assert.Single(oneDrive.Uploaded);
        Assert.Equal($"bytes 0-{body.Length - 1}/{body.Length}", range);
        var lines = Encoding.UTF8.GetString(body).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', RolloutCsv.Columns), lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"{adeleUser.Name},{adeleUser.UserKey},", StringComparison.Ordinal) && l.Contains(",Acknowledged,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{meganUser.Name},{meganUser.UserKey},", StringComparison.Ordinal) && !l.Contains(",Acknowledged,", StringComparison.Ordinal));
        Assert.Equal(3, lines.Length);
        Assert.Equal("application/vnd.microsoft.teams.card.file.info", info.Body["attachments"]![0]!["contentType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_receipts_that_are_not_for_a_rollout_card_are_answered_and_change_nothing()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var noValue = ProcessesHttpRun.ReadReceiptJson(megan, "1", run.Connector.ServiceUrl).Replace("\"value\":{\"lastReadMessageId\":\"1\"}", "\"value\":null", StringComparison.Ordinal);
        var groupChat = ProcessesHttpRun.ReadReceiptJson(megan, "1692206589131", run.Connector.ServiceUrl).Replace("\"conversationType\":\"personal\"", "\"conversationType\":\"groupChat\"", StringComparison.Ordinal);

        foreach (var json in new[] { ProcessesHttpRun.ReadReceiptJson(megan, "1692206589131", run.Connector.ServiceUrl), noValue, groupChat })
        {
            using var response = await run.PostJsonAsync(json);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Empty(run.Connector.Sent);
    }

    /// <summary>The person accepts the file consent card; returns the bot's next message in their chat.</summary>
    private static async Task<RecordingConnector.SentActivity> ConsentAsync(ProcessesHttpRun run, TestPerson person, JObject context, string uploadUrl, string name)
    {
        var consent = TeamsActivities.FileConsent(person, "accept", context, uploadUrl, name, run.Connector.ServiceUrl);
        var before = run.Connector.Sent.Count(a => a.ConversationId == consent.Conversation.Id);
        using (var response = await run.PostAsync(consent))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return (await run.Connector.WaitForAsync(consent.Conversation.Id, before + 1)).Skip(before).Single();
    }
}
