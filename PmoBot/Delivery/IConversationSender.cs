using System.Text.Json.Nodes;
using PmoBot.Conversations;

namespace PmoBot.Delivery;

/// <summary>
/// Sends one message into a stored conversation. Implemented in <c>Teams/</c> on the Bot Framework connector;
/// the outbox is the only caller, so no feature messages Teams proactively on its own.
/// </summary>
public interface IConversationSender
{
    /// <param name="takeSlot">
    /// Called immediately before the request to Teams; the slot it returns is completed as soon as Teams has
    /// answered, however the request ended. Teams' limits then count the request itself, not the work around it.
    /// </param>
    /// <returns>The id Teams gave the posted (or updated) activity.</returns>
    /// <exception cref="DeliveryRejectedException">Teams or the network refused the send.</exception>
    Task<string?> SendAsync(ConversationAddress address, string? text, JsonObject? card, string? updateActivityId, SendSlotSource takeSlot, CancellationToken cancellationToken);

    /// <summary>Opens the personal chat between the bot and a user who has the app installed.</summary>
    /// <exception cref="DeliveryRejectedException">Teams or the network refused.</exception>
    Task<ConversationAddress> CreatePersonalConversationAsync(string tenantId, string userAadObjectId, string serviceUrl, CancellationToken cancellationToken);
}

/// <summary>Waits for (or refuses) a place within Teams' limits for one request; see <see cref="IConversationSender.SendAsync"/>.</summary>
public delegate Task<TeamsRateLimiter.SendSlot> SendSlotSource(CancellationToken cancellationToken);

/// <summary>A send that did not go through: the HTTP status Teams answered (0 when none arrived) and its Retry-After.</summary>
public sealed class DeliveryRejectedException(int statusCode, TimeSpan? retryAfter, string reason, Exception? inner = null)
    : Exception($"Teams answered {statusCode}: {reason}", inner)
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public string Reason { get; } = reason;
}
