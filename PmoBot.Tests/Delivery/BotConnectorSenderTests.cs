using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>The outbox's transport against a local connector: what it posts, and how it reports what Teams answered.</summary>
public sealed class BotConnectorSenderTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly SendSlotSource AnySlot = _ => Task.FromResult(new TeamsRateLimiter.SendSlot(TimeProvider.System));

    private readonly IConversationSender sender = DeliveryHarness.ConnectorSender();
    private DeliveryHarness harness = null!;
    private ScriptedConnector connector = null!;

    public async Task InitializeAsync()
    {
        harness = await DeliveryHarness.CreateAsync();
        connector = await ScriptedConnector.StartAsync();
    }

    public async Task DisposeAsync() => await connector.DisposeAsync();

    [Fact]
    public async Task A_message_is_posted_to_the_stored_conversation_and_its_id_returned()
    {
        var chat = await harness.PersonalChatAsync(connector.ServiceUrl);

        var id = await sender.SendAsync(chat, "Your weekly review is due", null, null, AnySlot, None);

        var request = Assert.Single(connector.RequestsTo(chat.ConversationId));
        Assert.Equal("POST", request.Method);
        Assert.Equal("Your weekly review is due", request.Text);
        Assert.Equal(request.SentActivityId, id);
    }

    [Fact]
    public async Task An_update_is_a_put_to_the_earlier_activity()
    {
        var channel = await harness.ChannelAsync(connector.ServiceUrl);

        var id = await sender.SendAsync(channel, "Acknowledged", null, "1700000000001", AnySlot, None);

        var request = Assert.Single(connector.RequestsTo(channel.ConversationId));
        Assert.Equal(("PUT", "1700000000001"), (request.Method, request.ActivityId));
        Assert.Equal("1700000000001", id);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(503)]
    public async Task The_slot_is_taken_just_before_the_request_and_completed_once_Teams_has_answered(int status)
    {
        var chat = await harness.PersonalChatAsync(connector.ServiceUrl);
        connector.Script(chat.ConversationId, new ScriptedAnswer(status));
        var taken = new List<(TeamsRateLimiter.SendSlot Slot, int RequestsBefore)>();

        await Record.ExceptionAsync(() => sender.SendAsync(
            chat,
            "Reminder",
            null,
            null,
            _ =>
            {
                var slot = new TeamsRateLimiter.SendSlot(TimeProvider.System);
                taken.Add((slot, connector.RequestsTo(chat.ConversationId).Count));
                return Task.FromResult(slot);
            },
            None));

        var (slot, requestsBefore) = Assert.Single(taken);
        Assert.Equal(0, requestsBefore);
        Assert.Single(connector.RequestsTo(chat.ConversationId));
        Assert.NotNull(slot.CompletedAt);
    }

    [Fact]
    public async Task No_request_goes_out_when_no_slot_is_granted()
    {
        var chat = await harness.PersonalChatAsync(connector.ServiceUrl);
        var refusal = new InvalidOperationException("the conversation is at its limits");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SendAsync(chat, "Reminder", null, null, _ => throw refusal, None));

        Assert.Same(refusal, thrown);
        Assert.Empty(connector.RequestsTo(chat.ConversationId));
    }

    [Fact]
    public async Task A_429_is_reported_with_its_retry_after_in_seconds()
    {
        var rejection = await RejectionAsync(ScriptedAnswer.Throttled("3"));

        Assert.Equal(429, rejection.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), rejection.RetryAfter);
    }

    [Fact]
    public async Task A_retry_after_given_as_a_date_becomes_the_time_until_then()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(30);

        var rejection = await RejectionAsync(ScriptedAnswer.Throttled(at.ToString("R", CultureInfo.InvariantCulture)));

        Assert.InRange(rejection.RetryAfter!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_refusal_carries_the_connectors_error_message()
    {
        var rejection = await RejectionAsync(new ScriptedAnswer(403, Message: "The bot is not part of the conversation roster."));

        Assert.Equal(403, rejection.StatusCode);
        Assert.Null(rejection.RetryAfter);
        Assert.Equal("The bot is not part of the conversation roster.", rejection.Reason);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    [InlineData(403)]
    public async Task A_refused_send_is_one_request_with_no_retry_or_apology_underneath(int status)
    {
        var chat = await harness.PersonalChatAsync(connector.ServiceUrl);
        connector.AlwaysAnswer(chat.ConversationId, new ScriptedAnswer(status));

        await Assert.ThrowsAsync<DeliveryRejectedException>(() => sender.SendAsync(chat, "Reminder", null, null, AnySlot, None));

        await Task.Delay(200);
        Assert.Single(connector.RequestsTo(chat.ConversationId));
    }

    [Fact]
    public async Task No_answer_at_all_is_reported_as_status_zero()
    {
        var chat = await harness.PersonalChatAsync(ClosedServiceUrl());

        var rejection = await Assert.ThrowsAsync<DeliveryRejectedException>(() => sender.SendAsync(chat, "Reminder", null, null, AnySlot, None));

        Assert.Equal(0, rejection.StatusCode);
        Assert.True(DeliveryRetryPolicy.IsTransient(rejection.StatusCode));
    }

    private static string ClosedServiceUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/";
    }

    private async Task<DeliveryRejectedException> RejectionAsync(ScriptedAnswer answer)
    {
        var chat = await harness.PersonalChatAsync(connector.ServiceUrl);
        connector.Script(chat.ConversationId, answer);
        return await Assert.ThrowsAsync<DeliveryRejectedException>(() => sender.SendAsync(chat, "Reminder", null, null, AnySlot, None));
    }
}
