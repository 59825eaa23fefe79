using System.Net;
using PmoBot.Delivery;
using PmoBot.Teams;

namespace PmoBot.Tests.Teams;

/// <summary>Which connector requests take an outbox rate slot, and for how long they hold it.</summary>
public sealed class ConnectorSendSlotHandlerTests
{
    [Theory]
    [InlineData("POST", "https://smba.trafficmanager.net/emea/v3/conversations/a%3A1xyz/activities")]
    [InlineData("POST", "https://smba.trafficmanager.net/amer/v3/conversations/19%3Aabc%40thread.tacv2/activities/1700000000001")]
    [InlineData("PUT", "http://127.0.0.1:5000/v3/conversations/a%3A1xyz/activities/1700000000001")]
    public void Posting_or_updating_an_activity_carries_one(string method, string url) =>
        Assert.True(ConnectorSendSlotHandler.CarriesActivity(new HttpRequestMessage(new HttpMethod(method), url)));

    [Theory]
    [InlineData("POST", "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token")]
    [InlineData("POST", "https://smba.trafficmanager.net/emea/v3/conversations")]
    [InlineData("GET", "https://smba.trafficmanager.net/emea/v3/conversations/a%3A1xyz/activities/1/members")]
    [InlineData("GET", "https://smba.trafficmanager.net/emea/v3/conversations/a%3A1xyz/members")]
    [InlineData("DELETE", "https://smba.trafficmanager.net/emea/v3/conversations/a%3A1xyz/activities/1700000000001")]
    public void Other_requests_do_not(string method, string url) =>
        Assert.False(ConnectorSendSlotHandler.CarriesActivity(new HttpRequestMessage(new HttpMethod(method), url)));

    [Fact]
    public async Task An_activity_sent_in_an_outbox_flow_holds_its_slot_from_just_before_the_request_until_the_answer()
    {
        var events = new List<string>();
        var slot = new TeamsRateLimiter.SendSlot(TimeProvider.System);
        using var client = ClientAnswering(() => events.Add(slot.CompletedAt is null ? "request, slot held" : "request, slot already given back"));

        await Task.Run(async () =>
        {
            ConnectorSendSlotHandler.TakeSlotsFrom(_ =>
            {
                events.Add("slot");
                return Task.FromResult(slot);
            });
            await client.PostAsync("http://127.0.0.1:5000/v3/conversations/a%3A1/activities", null);
        });

        Assert.Equal(["slot", "request, slot held"], events);
        Assert.NotNull(slot.CompletedAt);
    }

    [Fact]
    public async Task A_request_outside_an_outbox_flow_takes_no_slot()
    {
        var slots = 0;
        using var client = ClientAnswering(() => { });
        await Task.Run(() => ConnectorSendSlotHandler.TakeSlotsFrom(_ =>
        {
            slots++;
            return Task.FromResult(new TeamsRateLimiter.SendSlot(TimeProvider.System));
        }));

        // A reply within a user's turn: the flow that set a slot source above has ended.
        var response = await client.PostAsync("http://127.0.0.1:5000/v3/conversations/a%3A1/activities", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(0, slots);
    }

    private static HttpClient ClientAnswering(Action onRequest) =>
        new(new ConnectorSendSlotHandler { InnerHandler = new Answering(onRequest) });

    private sealed class Answering(Action onRequest) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onRequest();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created));
        }
    }
}
