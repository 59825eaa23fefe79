using Microsoft.Extensions.Options;

namespace PmoBot.Teams;

/// <summary>
/// Reads and authenticates the activity posted to an endpoint that receives them, before the rate limiter sees the
/// request: the limiter must know whether authentication failed, because it counts only those (see
/// <see cref="FailedAuthenticationLimiter"/>). A body that is not an activity is answered here.
/// </summary>
public sealed class IncomingActivityMiddleware(RequestDelegate next, PmoBotAdapter adapter, IOptions<MessagesEndpointOptions> options, IOptions<BotCredentialsOptions> credentials)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<BotActivityEndpointMetadata>() is null)
        {
            await next(context);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization) && !credentials.Value.AllowsAnonymousTraffic)
        {
            // No token at all: refused before the body is read, so a sender without one learns nothing about what PmoBot
            // reads and is counted by the failed-authentication limit like any other refused token.
            context.Features.Set(new IncomingActivity(new Microsoft.Bot.Schema.Activity(), new BotAuthenticationOutcome(null, Refusal.Unauthenticated("no Authorization header"))));
            await next(context);
            return;
        }

        var (activity, refusal) = await ActivityRequestReader.ReadAsync(context.Request, options.Value.MaxActivityBytes, context.RequestAborted);
        if (activity is null)
        {
            await RefusalResponse.WriteAsync(context, refusal!);
            return;
        }

        var authentication = await adapter.AuthenticateAsync(activity, authorization, context.RequestAborted);
        context.Features.Set(new IncomingActivity(activity, authentication));
        await next(context);
    }
}
