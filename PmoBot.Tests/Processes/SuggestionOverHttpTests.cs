using System.Net;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using PmoBot.Alerts;
using PmoBot.Cards;
using PmoBot.Lessons;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Teams;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Processes;

/// <summary>
/// The improvement backlog as Teams drives it: a suggestion typed in chat, the message action's
/// <c>composeExtension/fetchTask</c> and <c>composeExtension/submitAction</c> invokes, the PMO's triage presses as
/// <c>adaptiveCard/action</c> invokes, and a lesson saved from its form; the triage card and the suggester's news
/// reach the Bot Connector through the app's own outbox.
/// </summary>
public sealed class SuggestionOverHttpTests
{
    private const string MessageLink = "https://teams.microsoft.com/l/message/19:abc@thread.tacv2/1700000000000?groupId=g&parentMessageId=1700000000000";

    [Fact]
    public async Task A_pm_suggests_in_chat_the_pmo_channel_gets_the_card_and_each_triage_press_tells_her()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var channelId = await PmoChannelAsync(run, alex);
        var name = await AddProcessAsync(run, alex, pmo);

        var answer = await run.SayAsync(megan, $"suggest {name}: hold a pre-mortem before every stage gate");

        var suggestion = Assert.Single(await run.Get<SuggestionStore>().ListAsync(None));
        Assert.Contains($"as **{suggestion.Id}**", answer.Text, StringComparison.Ordinal);
        var triage = await run.WaitForCardAsync(channelId, c => TextsOf(c).Contains("hold a pre-mortem before every stage gate"));

        // A reject without a reason changes nothing; with one it is stored and Megan is told why.
        var noReason = await run.PressAsync(alex, triage.Card!, "Reject", new Dictionary<string, string?> { [SuggestionCards.ReasonField] = string.Empty });
        Assert.Contains(TextsOf(ProcessesHttpRun.CardOf(noReason)), t => t.StartsWith("Say why it is not taken up", StringComparison.Ordinal));
        Assert.Equal(SuggestionState.New, (await run.Get<SuggestionStore>().GetAsync(suggestion.Id, None))!.State);
        var accepted = ProcessesHttpRun.CardOf(await run.PressAsync(alex, triage.Card!, "Accept"));
        var rejected = ProcessesHttpRun.CardOf(await run.PressAsync(alex, accepted, "Reject", new Dictionary<string, string?> { [SuggestionCards.ReasonField] = "The stage gate checklist covers it." }));

        Assert.Contains(("State", "Not taken up"), FactsOf(rejected));
        var personal = TeamsActivities.PersonalConversation(megan).Id;
        var toldAccepted = await run.WaitForPostAsync(personal, a => a.Text?.Contains($"was accepted by {pmo.Name}", StringComparison.Ordinal) == true);
        var toldRejected = await run.WaitForPostAsync(personal, a => a.Text?.EndsWith("The stage gate checklist covers it.", StringComparison.Ordinal) == true);
        Assert.Contains(suggestion.Id, toldAccepted.Text, StringComparison.Ordinal);
        Assert.Contains(suggestion.Id, toldRejected.Text, StringComparison.Ordinal);

        // The channel's card is updated in place (a PUT of the same message) to show the outcome.
        var posted = (await run.Get<PmoBot.Delivery.DeliveryStore>().GetAsync($"{SuggestionBox.CardKey(suggestion.Id)}|channel", None))!;
        var put = await WaitForPutAsync(run, channelId, posted.SentActivityId!, c => FactsOf(c).Contains(("State", "Not taken up")));
        Assert.DoesNotContain(ActionsOf(put), a => a["verb"] is not null);
        await AdaptiveCardValidator.AssertAllValidAsync([("triage over http", triage.Card!), ("accepted over http", accepted), ("rejected over http", rejected)]);
    }

    [Fact]
    public async Task The_message_action_opens_the_form_prefilled_from_the_message_and_its_submit_puts_the_link_on_the_backlog()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var channelId = await PmoChannelAsync(run, alex);
        var name = await AddProcessAsync(run, alex, pmo);

        var fetched = await InvokeAsync(run, megan, "composeExtension/fetchTask", MessageAction(null));
        Assert.Equal("continue", fetched["task"]!["type"]!.GetValue<string>());
        var form = FormOf(fetched);
        var inputs = InputsOf(form);
        Assert.Equal("The vendor's risks were never reviewed with the sponsor.", inputs[SuggestionCards.FormTextField]);
        Assert.Contains(TextsOf(form), t => t.Contains(MessageLink, StringComparison.Ordinal));

        // Submitted without a process: the form comes back with the problem, and nothing is stored.
        var submit = ActionsOf(form).Single(a => a["title"]!.GetValue<string>() == "Suggest");
        var data = JObject.Parse(submit["data"]!.ToJsonString());
        data[SuggestionCards.FormTextField] = inputs[SuggestionCards.FormTextField];
        var again = await InvokeAsync(run, megan, "composeExtension/submitAction", MessageAction(data));
        Assert.Contains(TextsOf(FormOf(again)), t => t.Contains("Pick the process the suggestion is for.", StringComparison.Ordinal));
        Assert.Empty(await run.Get<SuggestionStore>().ListAsync(None));

        data[SuggestionCards.FormProcessField] = ProcessKey.From(name);
        var done = await InvokeAsync(run, megan, "composeExtension/submitAction", MessageAction(data));

        Assert.Equal("message", done["task"]!["type"]!.GetValue<string>());
        var suggestion = Assert.Single(await run.Get<SuggestionStore>().ListAsync(None));
        Assert.StartsWith($"Thank you: your suggestion for {name} is on the PMO's improvement backlog as {suggestion.Id}.", done["task"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((SuggestionSource.Message, MessageLink, "The vendor's risks were never reviewed with the sponsor."), (suggestion.Source, suggestion.SourceLink, suggestion.Text));
        var triage = await run.WaitForCardAsync(channelId, c => TextsOf(c).Any(t => t.Contains(suggestion.Id, StringComparison.Ordinal)));
        Assert.Contains(FactsOf(triage.Card!), f => f == ("From", $"[a message]({MessageLink})"));
        await AdaptiveCardValidator.AssertAllValidAsync([("suggest form over http", form), ("suggest form again", FormOf(again))]);
    }

    [Fact]
    public async Task The_same_message_actions_submit_sent_again_is_answered_with_the_suggestion_it_made_and_nothing_new_is_created()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        // The triage card goes to one channel: without one it goes to every PMO member the shared test storage holds
        // (hundreds late in a full run), all queued inside the message action's storage budget.
        await PmoChannelAsync(run, alex);
        var name = await AddProcessAsync(run, alex, pmo);
        var data = await SuggestDataAsync(run, megan, name);

        var first = await InvokeAsync(run, megan, "composeExtension/submitAction", MessageAction(data));
        var again = await InvokeAsync(run, megan, "composeExtension/submitAction", MessageAction(data));

        var suggestion = Assert.Single(await run.Get<SuggestionStore>().ListAsync(None));
        Assert.StartsWith($"Thank you: your suggestion for {name} is on the PMO's improvement backlog as {suggestion.Id}.", first["task"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("message", again["task"]!["type"]!.GetValue<string>());
        Assert.Equal(
            $"Already saved: you suggested this for {name} from that message, and it is on the PMO's improvement backlog as {suggestion.Id} (new); nothing new was created.",
            again["task"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_message_action_on_another_message_or_by_another_person_makes_a_new_suggestion()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (adele, _) = await run.PersonAsync("Adele", Role.ProjectManager);
        // The triage card goes to one channel: without one it goes to every PMO member the shared test storage holds
        // (hundreds late in a full run), all queued inside the message action's storage budget.
        await PmoChannelAsync(run, alex);
        var name = await AddProcessAsync(run, alex, pmo);
        var data = await SuggestDataAsync(run, megan, name);
        const string otherLink = "https://teams.microsoft.com/l/message/19:abc@thread.tacv2/1700000099999?groupId=g&parentMessageId=1700000099999";

        var first = await InvokeAsync(run, megan, "composeExtension/submitAction", MessageAction(data));
        var otherMessage = await InvokeAsync(run, megan, "composeExtension/submitAction", MessageAction(data, "1700000099999", otherLink));
        var otherPerson = await InvokeAsync(run, adele, "composeExtension/submitAction", MessageAction(data));

        Assert.Equal(3, (await run.Get<SuggestionStore>().ListAsync(None)).Count);
        Assert.All([first, otherMessage, otherPerson], answer => Assert.StartsWith("Thank you: your suggestion", answer["task"]!["value"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    /// <summary>The data of the message action's form as Suggest sends it, for the process named.</summary>
    private static async Task<JObject> SuggestDataAsync(ProcessesHttpRun run, TestPerson person, string process)
    {
        var form = FormOf(await InvokeAsync(run, person, "composeExtension/fetchTask", MessageAction(null)));
        var data = JObject.Parse(ActionsOf(form).Single(a => a["title"]!.GetValue<string>() == "Suggest")["data"]!.ToJsonString());
        data[SuggestionCards.FormTextField] = InputsOf(form)[SuggestionCards.FormTextField];
        data[SuggestionCards.FormProcessField] = ProcessKey.From(process);
        return data;
    }

    [Fact]
    public async Task A_lesson_saved_under_a_knowledge_area_the_process_covers_reaches_its_owner_who_adds_it_to_the_backlog()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        await run.SayAsync(alex, "hi");
        await PmoChannelAsync(run, alex);
        var name = await AddProcessAsync(run, alex, pmo);
        var lessonForm = (await run.SayAsync(alex, "lesson add")).Card!;

        var title = $"Risks found too late {Guid.NewGuid():N}"[..40];
        var saved = ProcessesHttpRun.CardOf(await run.PressAsync(alex, lessonForm, "Save", new Dictionary<string, string?>
        {
            [LessonCards.TitleField] = title,
            [LessonCards.CategoryField] = "risk-high",
            [LessonCards.WhatHappenedField] = "Nobody reviewed the register for a month.",
            [LessonCards.WhatToDoField] = "Review the register weekly with the team.",
        }));

        Assert.Contains(TextsOf(saved), t => t.StartsWith("Recorded ", StringComparison.Ordinal));
        var proposal = await run.WaitForCardAsync(TeamsActivities.PersonalConversation(alex).Id, c => TextsOf(c).Contains(title) && TextsOf(c).Contains($"A lesson learned for {name}?"));
        var added = ProcessesHttpRun.CardOf(await run.PressAsync(alex, proposal.Card!, "Add to the improvement backlog"));

        var suggestion = Assert.Single(await run.Get<SuggestionStore>().ListAsync(None));
        Assert.Equal((SuggestionSource.Lesson, ProcessKey.From(name)), (suggestion.Source, suggestion.ProcessKey));
        Assert.Contains($"On the improvement backlog as {suggestion.Id}.", TextsOf(added));
        Assert.DoesNotContain(ActionsOf(added), a => a["verb"] is not null);
        await AdaptiveCardValidator.AssertAllValidAsync([("lesson proposal over http", proposal.Card!), ("lesson added over http", added)]);
    }

    private static async Task<string> AddProcessAsync(ProcessesHttpRun run, TestPerson lead, PmoUser owner)
    {
        var name = NewName();
        var form = (await run.SayAsync(lead, "process add")).Card!;
        ProcessesHttpRun.CardOf(await run.PressAsync(lead, form, "Save", ValidForm(name, owner)));
        return name;
    }

    /// <summary>A PMO member types <c>alerts here</c> in a channel: triage cards go there from now on.</summary>
    private static async Task<string> PmoChannelAsync(ProcessesHttpRun run, TestPerson lead)
    {
        var channelId = $"19:{Guid.NewGuid():N}@thread.tacv2";
        var here = TeamsActivities.ChannelMessage(lead, "alerts here", channelId, run.Connector.ServiceUrl);
        using (var response = await run.PostAsync(here))
        {
            Assert.True(response.IsSuccessStatusCode, $"alerts here: status {(int)response.StatusCode}");
        }

        await run.Connector.WaitForAsync(here.Conversation.Id, 1);
        Assert.NotNull(await run.Get<AlertChannelStore>().GetAsync(None));
        return channelId;
    }

    private static async Task<JsonObject> WaitForPutAsync(ProcessesHttpRun run, string conversationId, string activityId, Func<JsonObject, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (run.Connector.Sent.LastOrDefault(a => a.Method == "PUT" && a.ConversationId == conversationId && a.ActivityId == activityId && a.Card is { } c && match(c)) is { } put)
            {
                return put.Card!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no matching update of {activityId} in {conversationId}; sent: {string.Join(", ", run.Connector.Sent.Select(a => $"{a.Method} {a.ConversationId} {a.ActivityId}"))}");
            await Task.Delay(50);
        }
    }

    /// <summary>The message action's invoke value as Teams sends it from a channel message's "..." menu.</summary>
    private static JObject MessageAction(JObject? data, string messageId = "1700000000000", string link = MessageLink)
    {
        var value = new JObject
        {
            ["commandId"] = MessagingExtensionCommands.SuggestImprovement,
            ["commandContext"] = "message",
            ["context"] = new JObject { ["theme"] = "default" },
            ["messagePayload"] = new JObject
            {
                ["id"] = messageId,
                ["replyToId"] = null,
                ["createdDateTime"] = "2026-12-01T09:30:00.000Z",
                ["linkToMessage"] = link,
                ["messageType"] = "message",
                ["from"] = new JObject { ["user"] = new JObject { ["id"] = Guid.NewGuid().ToString(), ["displayName"] = "Adele Vance", ["userIdentityType"] = "aadUser" } },
                ["body"] = new JObject { ["contentType"] = "html", ["content"] = "<p>The vendor&#39;s risks were <b>never</b> reviewed with the sponsor.</p>" },
                ["attachments"] = new JArray(),
                ["mentions"] = new JArray(),
                ["reactions"] = new JArray(),
            },
        };
        if (data is not null)
        {
            value["data"] = data;
        }

        return value;
    }

    private static JsonObject FormOf(JsonObject body)
    {
        var card = body["task"]!["value"]!["card"]!;
        Assert.Equal(AdaptiveCard.ContentType, card["contentType"]!.GetValue<string>());
        return card["content"]!.AsObject();
    }

    private static async Task<JsonObject> InvokeAsync(ProcessesHttpRun run, TestPerson from, string name, JObject value)
    {
        var invoke = TeamsActivities.ExtensionInvoke(from, name, value, run.Connector.ServiceUrl, $"19:{Guid.NewGuid():N}@thread.tacv2");
        using var response = await run.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
