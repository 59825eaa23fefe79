using PmoBot.Delivery;

namespace PmoBot.Teams;

/// <summary>
/// Takes the outbox's rate slot inside the Bot Connector client's HTTP pipeline, so that a slot spans exactly the
/// request Teams counts: granted as the request leaves and completed when Teams answers. Taken any earlier (before
/// the SDK builds its client and serialises the activity), a slot would hold the app's window for that work too, and
/// every send would leave the next one waiting longer than Teams requires.
/// </summary>
public sealed class ConnectorSendSlotHandler : DelegatingHandler
{
    private static readonly AsyncLocal<SendSlotSource?> CurrentSlotSource = new();

    /// <summary>
    /// For the rest of the calling asynchronous flow (and only that flow), every request that posts or updates an
    /// activity first takes its slot from <paramref name="takeSlot"/>.
    /// </summary>
    public static void TakeSlotsFrom(SendSlotSource takeSlot) => CurrentSlotSource.Value = takeSlot;

    /// <summary>Whether the calling flow is an outbox send (which retries from its queue), not a turn's own request.</summary>
    internal static bool IsOutboxSend => CurrentSlotSource.Value is not null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (CurrentSlotSource.Value is not { } takeSlot || !CarriesActivity(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var slot = await takeSlot(cancellationToken);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            slot.Complete();
        }
    }

    /// <summary>
    /// <c>POST {serviceUrl}/v3/conversations/{id}/activities[/{replyTo}]</c> and <c>PUT …/activities/{id}</c>; the
    /// service URL may have a path of its own (<c>https://smba.trafficmanager.net/emea/</c>). Token requests and
    /// conversation creation pass untouched.
    /// </summary>
    internal static bool CarriesActivity(HttpRequestMessage request)
    {
        if ((request.Method != HttpMethod.Post && request.Method != HttpMethod.Put) || request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return false;
        }

        var path = uri.AbsolutePath;
        var conversations = path.IndexOf("/v3/conversations/", StringComparison.Ordinal);
        return conversations >= 0 && path.IndexOf("/activities", conversations, StringComparison.Ordinal) > conversations;
    }
}
