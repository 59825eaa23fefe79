using System.Net;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using PmoBot.Development.Events;
using PmoBot.People;
using PmoBot.Teams;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Events;

/// <summary>"Post learning event" from a channel's compose box, as Teams sends the messaging-extension invokes over HTTP.</summary>
public sealed class PostEventExtensionTests
{
    [Fact]
    public async Task The_dialog_opens_with_this_channel_ticked_explains_bad_fields_and_posts_a_good_event()
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);

        var fetched = await InvokeAsync(run, alex, "composeExtension/fetchTask", new JObject { ["commandId"] = MessagingExtensionCommands.PostLearningEvent, ["commandContext"] = "compose" }, channelId);
        var form = fetched["task"]!["value"]!["card"]!["content"]!.AsObject();
        Assert.Equal("continue", fetched["task"]!["type"]!.GetValue<string>());
        Assert.Equal(channelId, InputOf(form, EventForm.ChannelsField)["value"]!.GetValue<string>());
        var formId = EventsHttpRun.ButtonOf(form, "Save and post")["data"]![EventForm.FormIdField]!.GetValue<string>();

        var data = new JObject
        {
            [EventForm.FormIdField] = formId,
            [EventForm.TitleField] = "Agile chapter meeting",
            [EventForm.KindField] = "ChapterMeeting",
            [EventForm.FormatField] = EventFormValues.Online,
            [EventForm.StartDateField] = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [EventForm.StartTimeField] = "18:00",
            [EventForm.EndTimeField] = "19:30",
            [EventForm.CapacityField] = "not many",
            [EventForm.AreasField] = "agile",
            [EventForm.ChannelsField] = channelId,
        };
        var refused = await InvokeAsync(run, alex, "composeExtension/submitAction", new JObject { ["commandId"] = MessagingExtensionCommands.PostLearningEvent, ["data"] = data }, channelId);
        var again = refused["task"]!["value"]!["card"]!["content"]!.AsObject();
        Assert.Contains("The capacity \"not many\" is not a whole number of places.", TextsOf(again));

        data[EventForm.CapacityField] = 80;
        var done = await InvokeAsync(run, alex, "composeExtension/submitAction", new JObject { ["commandId"] = MessagingExtensionCommands.PostLearningEvent, ["data"] = data }, channelId);
        var message = done["task"]!["value"]!.GetValue<string>();
        Assert.Matches("^Saved EV-[0-9A-Z]{5}: Agile chapter meeting, .* Posted to PMO\\. It has no Teams meeting: Microsoft Graph is not configured", message);
        var id = message["Saved ".Length..message.IndexOf(':', StringComparison.Ordinal)];
        await run.WaitForDeliveryAsync(EventPoster.PostKey(id, channelId));

        // The same form sent twice (a retried invoke) creates nothing more.
        var twice = await InvokeAsync(run, alex, "composeExtension/submitAction", new JObject { ["commandId"] = MessagingExtensionCommands.PostLearningEvent, ["data"] = data }, channelId);
        Assert.StartsWith($"This form was already saved as {id}", twice["task"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(run.Connector.Sent, a => a.Method == "POST" && a.ConversationId == channelId && a.Card?.ToJsonString().Contains(id, StringComparison.Ordinal) == true);
        await AdaptiveCardValidator.AssertAllValidAsync([("dialog form", form), ("dialog form with errors", again)]);
    }

    [Fact]
    public async Task A_project_manager_is_told_only_the_pmo_posts_events_and_the_pmo_twin_gets_the_form()
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);

        var refused = await InvokeAsync(run, megan, "composeExtension/fetchTask", new JObject { ["commandId"] = MessagingExtensionCommands.PostLearningEvent, ["commandContext"] = "compose" });
        var opened = await InvokeAsync(run, alex, "composeExtension/fetchTask", new JObject { ["commandId"] = MessagingExtensionCommands.PostLearningEvent, ["commandContext"] = "compose" });

        Assert.Equal(EventOrganiser.OnlyPmo, refused["task"]!["value"]!.GetValue<string>());
        Assert.Equal("continue", opened["task"]!["type"]!.GetValue<string>());
    }

    private static JsonObject InputOf(JsonObject card, string id) =>
        card["body"]!.AsArray().Select(n => n!.AsObject()).Single(n => n["id"]?.GetValue<string>() == id);

    private static async Task<JsonObject> InvokeAsync(EventsHttpRun run, TestPerson from, string name, JObject value, string? channelId = null)
    {
        var invoke = TeamsActivities.ExtensionInvoke(from, name, value, run.Connector.ServiceUrl, channelId);
        using var response = await run.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
