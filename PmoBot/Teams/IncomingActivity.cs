using Microsoft.Bot.Schema;

namespace PmoBot.Teams;

/// <summary>
/// An activity posted to the messaging endpoint, read and authenticated by <see cref="IncomingActivityMiddleware"/>
/// and kept on the request (as a feature) for the rate limiter and the endpoint.
/// </summary>
public sealed record IncomingActivity(Activity Activity, BotAuthenticationOutcome Authentication);
