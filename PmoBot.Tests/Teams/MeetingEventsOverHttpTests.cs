using System.Net;
using System.Text;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Teams tells a bot in a meeting when it starts and ends and who joins or leaves. PmoBot uses none of it: over real
/// HTTP each such event is answered 200 whatever its value holds, so Teams never sends it again, and nothing is sent
/// to the meeting's chat or logged as a fault.
/// </summary>
public sealed class MeetingEventsOverHttpTests(BrokenRequestTests.Bot fixture) : IClassFixture<BrokenRequestTests.Bot>
{
    private const string MeetingStart = "application/vnd.microsoft.meetingStart";
    private const string MeetingEnd = "application/vnd.microsoft.meetingEnd";
    private const string ParticipantJoin = "application/vnd.microsoft.meetingParticipantJoin";
    private const string ParticipantLeave = "application/vnd.microsoft.meetingParticipantLeave";

    /// <summary>Values of the wrong shape (as a broken or forged sender sends them), then the values Teams sends.</summary>
    public static TheoryData<string, string> Values() => new()
    {
        { MeetingStart, "\"x\"" },
        { MeetingStart, "null" },
        { MeetingStart, "[1]" },
        { MeetingStart, """{"StartTime":"notadate"}""" },
        { MeetingEnd, """{"EndTime":{"a":1}}""" },
        { ParticipantJoin, """{"members":7}""" },
        { ParticipantLeave, """{"members":"x"}""" },
        { MeetingStart, """{"Id":"meeting-1","JoinUrl":"https://teams.microsoft.com/l/meetup-join/1","Title":"Review","MeetingType":"Scheduled","StartTime":"2026-12-07T09:00:00Z"}""" },
        { MeetingEnd, """{"Id":"meeting-1","JoinUrl":"https://teams.microsoft.com/l/meetup-join/1","Title":"Review","MeetingType":"Scheduled","EndTime":"2026-12-07T09:30:00Z"}""" },
        { ParticipantLeave, """{"members":[{"user":{"id":"29:someone","name":"Someone"},"meeting":{"inMeeting":false,"role":"Attendee"}}]}""" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task A_meeting_event_is_taken_and_ignored_whatever_its_value_holds(string name, string value)
    {
        var (response, conversationId) = await PostEventAsync(name, value);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Task.Delay(200);
        Assert.DoesNotContain(fixture.Connector.Sent, a => a.ConversationId == conversationId);
        Assert.Empty(fixture.Errors);
    }

    private async Task<(HttpResponseMessage Response, string ConversationId)> PostEventAsync(string name, string value)
    {
        var conversationId = $"19:meeting_{Guid.NewGuid():N}@thread.v2";
        var activity = new Activity
        {
            Type = ActivityTypes.Event,
            Name = name,
            Id = $"f:{Guid.NewGuid():N}",
            Timestamp = DateTimeOffset.UtcNow,
            ChannelId = "msteams",
            ServiceUrl = fixture.Connector.ServiceUrl,
            From = new ChannelAccount("29:organiser", "Organiser", aadObjectId: Guid.NewGuid().ToString()),
            Recipient = new ChannelAccount(TeamsActivities.BotId, TeamsActivities.BotName),
            Conversation = new ConversationAccount(isGroup: true, conversationType: "groupChat", id: conversationId, tenantId: TeamsActivities.TenantId),
            ChannelData = JObject.FromObject(new { tenant = new { id = TeamsActivities.TenantId }, meeting = new { id = "meeting-1" } }),
        };
        var json = JObject.Parse(TeamsActivities.ToJson(activity));
        json["value"] = JToken.Parse(value);
        using var content = new StringContent(json.ToString(), Encoding.UTF8, "application/json");
        return (await fixture.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content), conversationId);
    }
}
