using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using PmoBot.Processes;
using PmoBot.Reviews.CheckIn;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Demo;

/// <summary>
/// The README's step 7, "Improving processes", typed and pressed exactly as the README says, on the demo seeded from
/// scratch over real HTTP: the PMO publishes status reporting version 2 with a new review question to Megan, she
/// acknowledges it on her personal card, her next review form asks the question, and <c>compliance</c> counts it.
/// </summary>
public sealed class ReadmeProcessesStepTests : SeededDemoRun
{
    private const string NewQuestion = "Status report sent to the sponsor by Thursday noon?";

    private static readonly TestPerson Alex = Demo("Alex Wilber");
    private static readonly TestPerson Megan = Demo("Megan Bowen");

    [Fact]
    public async Task Step_7_works_as_the_readme_says()
    {
        await using var server = Server();
        using var client = await StartAsync(server);
        await SeededAsync(server);
        await SayAsync(client, Megan, "help");

        // 1. The library and the rollout in progress.
        var library = (await SayAsync(client, Alex, "processes")).Card!;
        Assert.Contains(TextsOf(library).Concat(FactsOf(library).Select(f => f.Title)), t => t.Contains("Status reporting", StringComparison.Ordinal));
        var rollout = (await SayAsync(client, Alex, "rollout risk management")).Card!;
        Assert.Contains(("Acknowledged", "3 (75%)"), FactsOf(rollout));
        Assert.Contains(("Audience", "named people (Adele Vance; Patti Fernandez; Nestor Wilke; Megan Bowen), 4 people"), FactsOf(rollout));
        Assert.Contains(TextsOf(rollout), t => t.Contains("Megan Bowen", StringComparison.Ordinal));

        // 2. Publish version 2 of status reporting to Megan, with a second review question.
        var form = (await SayAsync(client, Alex, "process publish status reporting")).Card!;
        var inputs = InputsOf(form);
        Assert.Equal("Status report sent on time?", inputs[VersionForm.ComplianceField]);
        var published = await PressAsync(client, Alex, form, "Publish", new Dictionary<string, string?>
        {
            [VersionForm.WhatChangedField] = "Status reports reach the sponsor by Thursday noon.",
            [VersionForm.ComplianceField] = inputs[VersionForm.ComplianceField] + "\n" + NewQuestion,
            [VersionForm.AcknowledgeField] = "true",
            [VersionForm.AudienceKindField] = RolloutAudience.Name(AudienceKind.People),
            [VersionForm.AudienceValueField] = "Megan Bowen",
        });
        Assert.Contains(TextsOf(published), t => t.StartsWith("Published version 2", StringComparison.Ordinal));

        // 3. Megan's personal card, acknowledged.
        var personal = TeamsActivities.PersonalConversation(Megan).Id;
        var card = await WaitForCardAsync(personal, c => TextsOf(c).Contains("Please read: Status reporting, version 2"));
        // Due at the end of the due date in UTC (its last minute); Teams shows that moment in the reader's own zone.
        var dueDate = DateOnly.ParseExact(FactsOf(card).Single(f => f.Title == "Acknowledge by").Value.Replace(" (end of day, UTC)", string.Empty, StringComparison.Ordinal), "d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var dueAt = dueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T23:59:00Z";
        Assert.Contains($"Where you are, that is {{{{DATE({dueAt}, SHORT)}}}} {{{{TIME({dueAt})}}}}.", TextsOf(card));
        var done = await PressAsync(client, Megan, card, RolloutCards.AcknowledgeTitle);
        Assert.Contains(TextsOf(done), t => t.StartsWith("✅ You confirmed on", StringComparison.Ordinal));

        // 4. The review form asks the new question; "yes" submits.
        var review = (await SayAsync(client, Megan, "review form PRJ-103")).Card!;
        var asked = review["body"]!.AsArray().Select(e => e!.AsObject()).Single(e => e["label"]?.GetValue<string>() == NewQuestion);
        var submitted = await PressAsync(client, Megan, review, "Submit review", new Dictionary<string, string?> { [asked["id"]!.GetValue<string>()] = "yes" });
        Assert.Contains(TextsOf(submitted).Concat([submitted.ToJsonString()]), t => t.Contains("Submitted: PRJ-103", StringComparison.Ordinal));

        // 5. compliance counts this week's answers: status reporting had 23 yes and 1 no in the seeded weeks; PRJ-103
        // answered both its status questions yes.
        var compliance = (await SayAsync(client, Alex, "compliance")).Card!;
        Assert.Contains(["Status reporting", "96%", "25", "1", "0"], TableAfter(compliance, "By process, worst first"));
        Assert.Contains(FactsOf(compliance), f => (f.Title + f.Value).Contains("Megan Bowen", StringComparison.Ordinal));
        var suggested = await SayAsync(client, Megan, "suggest status reporting: a one-page template for the sponsor");
        Assert.StartsWith("Thank you: your suggestion for Status reporting is on the PMO's improvement backlog", suggested.Text, StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertAllValidAsync([("publish form", form), ("personal card", card), ("acknowledged", done), ("review form", review), ("compliance", compliance)]);
    }

    private async Task<RecordingConnector.SentActivity> SayAsync(HttpClient client, TestPerson person, string text)
    {
        var activity = TeamsActivities.PersonalMessage(person, text, Connector.ServiceUrl);
        var before = Connector.Sent.Count(a => a.ConversationId == activity.Conversation.Id);
        using var response = await PostAsync(client, activity);
        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode} for \"{text}\"");
        return (await Connector.WaitForAsync(activity.Conversation.Id, before + 1))[^1];
    }

    /// <summary>Presses a button as Teams does (an <c>adaptiveCard/action</c> invoke, the card's inputs as filled in) and returns the card it answers with.</summary>
    private async Task<JsonObject> PressAsync(HttpClient client, TestPerson person, JsonObject card, string title, IReadOnlyDictionary<string, string?>? inputs = null)
    {
        var action = ActionsOf(card).Single(a => a["title"]!.GetValue<string>() == title && a["verb"] is not null);
        var data = JObject.Parse(action["data"]!.ToJsonString());
        foreach (var (id, value) in InputsOf(card).Concat(inputs ?? new Dictionary<string, string?>()))
        {
            data[id] = value;
        }

        using var response = await PostAsync(client, TeamsActivities.CardExecute(person, action["verb"]!.GetValue<string>(), data, Connector.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return body["value"] as JsonObject ?? new JsonObject { ["text"] = body["value"]?.ToJsonString() };
    }

    private async Task<JsonObject> WaitForCardAsync(string conversationId, Func<JsonObject, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (Connector.Sent.FirstOrDefault(a => a.ConversationId == conversationId && a.Card is { } c && match(c)) is { } sent)
            {
                return sent.Card!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no matching card in {conversationId}");
            await Task.Delay(100);
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Microsoft.Bot.Schema.Activity activity) =>
        client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json"));
}
