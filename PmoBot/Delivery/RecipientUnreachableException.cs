namespace PmoBot.Delivery;

/// <summary>A person the outbox cannot reach, and will not by retrying (e.g. Graph not configured, or missing a permission).</summary>
public sealed class RecipientUnreachableException(int statusCode, string reason) : Exception(reason)
{
    public int StatusCode { get; } = statusCode;
}
