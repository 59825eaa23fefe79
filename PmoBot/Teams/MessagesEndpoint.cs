using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace PmoBot.Teams;

/// <summary>
/// The endpoint that receives activities (<c>/api/messages</c>). By the time it runs, the activity has been read
/// and authenticated (<see cref="IncomingActivityMiddleware"/>) and the rate limiter has let the request through;
/// here a failed authentication is answered 401, an activity without the parts a turn needs 400, one from an
/// organisation PmoBot does not serve 403 (<see cref="TenantAllowList"/>), a message from the bot itself 200 without a
/// turn, and the rest goes to the bot.
/// </summary>
public static class MessagesEndpoint
{
    /// <summary>Marks an endpoint as receiving activities: read and authenticated first, failed authentications rate-limited.</summary>
    public static TBuilder ReceivesBotActivities<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(BotActivityEndpointMetadata.Instance).RequireRateLimiting(FailedAuthenticationLimiter.PolicyName);

    public static async Task HandleAsync(HttpContext context, IBot bot)
    {
        var incoming = context.Features.Get<IncomingActivity>()
            ?? throw new InvalidOperationException($"{nameof(IncomingActivityMiddleware)} did not run: call UseTeamsBot() before the endpoints are mapped.");
        if (incoming.Authentication.Refusal is { } refusal)
        {
            await RefusalResponse.WriteAsync(context, refusal);
            return;
        }

        if (ActivityEnvelope.Problem(incoming.Activity) is { } problem)
        {
            await RefusalResponse.WriteAsync(context, Refusal.BadRequest(problem));
            return;
        }

        if (context.RequestServices.GetRequiredService<TenantAllowList>().Refuse(incoming.Activity) is { } otherTenant)
        {
            await RefusalResponse.WriteAsync(context, otherTenant);
            return;
        }

        if (FromItself(incoming.Activity))
        {
            // PmoBot's own message coming back (an echo, a forwarded copy): answering it could answer itself for ever.
            context.RequestServices.GetRequiredService<RefusalLog>().Ignored(
                ClientAddress.Display(context), context.Request.Method, context.Request.Path, "a message from the bot itself (from.id is recipient.id); it is not answered.");
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        var adapter = context.RequestServices.GetRequiredService<PmoBotAdapter>();

        // Teams waits five seconds for an invoke's answer: storage that does not answer is given up on before that.
        using var storageWait = incoming.Activity.Type == Microsoft.Bot.Schema.ActivityTypes.Invoke
            ? Storage.StorageWaitLimit.Limit(context.RequestServices.GetRequiredService<IOptions<Storage.StorageOptions>>().Value.InvokeRequestTimeout)
            : null;
        // A reply Teams does not answer in time goes to the outbox (ThrottledReplyFallback), before Teams gives up on the turn.
        var replies = context.RequestServices.GetRequiredService<IOptions<TurnReplyOptions>>().Value;
        using var replyWait = TurnReplyRetryHandler.LimitEachSend(
            incoming.Activity.Type == Microsoft.Bot.Schema.ActivityTypes.Invoke ? replies.InvokeTimeout : replies.Timeout);
        await adapter.RunTurnAsync(incoming.Activity, incoming.Authentication.Result!, bot, context.Response, context.RequestAborted);
    }

    private static bool FromItself(Microsoft.Bot.Schema.Activity activity) =>
        activity.Type == Microsoft.Bot.Schema.ActivityTypes.Message && string.Equals(activity.From?.Id, activity.Recipient?.Id, StringComparison.Ordinal);
}
