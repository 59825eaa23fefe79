namespace PmoBot.Teams;

/// <summary>
/// Marks the endpoints that receive activities from the Bot Framework, for <see cref="IncomingActivityMiddleware"/>
/// to read and authenticate their requests.
/// </summary>
public sealed class BotActivityEndpointMetadata
{
    public static readonly BotActivityEndpointMetadata Instance = new();

    private BotActivityEndpointMetadata()
    {
    }
}
