namespace PmoBot.Teams;

/// <summary>
/// Why a request to the messaging endpoint is answered without a turn. <see cref="Reason"/> goes to the log;
/// the client is told <see cref="Detail"/>, which for a failed authentication says no more than that.
/// </summary>
public sealed record Refusal(int StatusCode, string Reason, string? PublicDetail = null)
{
    public string Detail => PublicDetail ?? Reason;

    public static Refusal BadRequest(string reason) => new(StatusCodes.Status400BadRequest, reason);

    public static Refusal Unauthenticated(string reason) =>
        new(StatusCodes.Status401Unauthorized, reason, "The request does not carry a valid Bot Framework token for this bot.");
}
