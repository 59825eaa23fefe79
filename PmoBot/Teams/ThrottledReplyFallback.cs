using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Teams;

/// <summary>
/// A turn's message that Teams still refuses after <see cref="TurnReplyRetryHandler"/> has waited all the turn can
/// (a Retry-After of a minute, a gateway down for longer) goes to the outbox instead of being lost: the outbox keeps
/// it durably, waits out the conversation's pause and posts it to the same chat or channel. The turn itself ends
/// normally, so the user's request is not answered with an apology that Teams would refuse too. A card update refused
/// that long is queued as an update of the same card, which stays one card. A file consent card cannot wait in the
/// outbox (its upload belongs to the turn): a note saying what to type to be offered the file again goes instead.
/// </summary>
public sealed partial class ThrottledReplyFallback(Outbox outbox, ConversationPauses pauses, ILogger<ThrottledReplyFallback> logger)
{
    private const string CountKey = "PmoBot.ThrottledReplyFallback.Count";

    /// <summary>Watches the turn's sends to <paramref name="address"/> (the conversation as stored for this turn).</summary>
    public void Watch(ITurnContext turnContext, ConversationAddress address)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(address);
        var target = new DeliveryTarget(address.Kind, address.Key);
        turnContext.OnSendActivities(async (context, activities, next) =>
        {
            try
            {
                return await next();
            }
            catch (ErrorResponseException ex) when (ex.Response is { } response && TurnReplyRetryHandler.IsTransient(response.StatusCode))
            {
                await PauseIfThrottledAsync(address.ConversationId, response);
                var responses = new List<ResourceResponse>();
                foreach (var activity in activities.Where(a => a.Type == ActivityTypes.Message))
                {
                    // Named after the message it answers, so Teams delivering that message again queues nothing twice.
                    var key = $"reply|{context.Activity.Conversation?.Id}|{context.Activity.Id}|{NextNumber(context)}";
                    var (text, card) = CanQueue(activity) ? ActivityMapping.ContentOf(activity) : (AskAgain(activity, context.Activity), null);
                    await outbox.EnqueueAsync(new DeliveryRequest(key, target, text, card), CancellationToken.None);
                    responses.Add(new ResourceResponse(string.Empty));
                }

                LogQueued(logger, (int)ex.Response.StatusCode, responses.Count, target.ToString());
                return [.. responses];
            }
        });
        turnContext.OnUpdateActivity(async (context, activity, next) =>
        {
            try
            {
                return await next();
            }
            catch (ErrorResponseException ex) when (ex.Response is { } response && TurnReplyRetryHandler.IsTransient(response.StatusCode)
                && CanQueue(activity) && !string.IsNullOrEmpty(activity.Id) && activity.Conversation?.Id is { } conversationId)
            {
                await PauseIfThrottledAsync(address.ConversationId, response);
                // The card pressed was posted by a turn, not the outbox: adopted first, the update edits it in place.
                var card = $"turn-card|{conversationId}|{activity.Id}";
                await outbox.AdoptSentAsync(card, target, conversationId, activity.Id, CancellationToken.None);
                var key = $"reply-update|{context.Activity.Conversation?.Id}|{context.Activity.Id}|{NextNumber(context)}";
                var (text, content) = ActivityMapping.ContentOf(activity);
                await outbox.EnqueueAsync(new DeliveryRequest(key, target, text, content, card), CancellationToken.None);
                LogQueuedUpdate(logger, (int)response.StatusCode, target.ToString());
                return new ResourceResponse(activity.Id);
            }
        });
    }

    /// <summary>
    /// Teams' 429 holds the conversation for its Retry-After: recorded where the outbox paces the conversation before the
    /// reply is queued, so the outbox's first attempt waits it out instead of being refused again at once.
    /// </summary>
    private Task PauseIfThrottledAsync(string conversationId, HttpResponseMessageWrapper response) =>
        (int)response.StatusCode == 429 && BotConnectorSender.RetryAfterOf(response) is { } retryAfter
            ? pauses.PauseAsync(conversationId, retryAfter)
            : Task.CompletedTask;

    /// <summary>Messages of text and Adaptive Cards (all PmoBot sends in a turn but file consent cards); typing is dropped.</summary>
    private static bool CanQueue(Activity activity) =>
        activity.Type != ActivityTypes.Message
        || (activity.Attachments ?? []).All(a => a.ContentType == AdaptiveCard.ContentType);

    /// <summary>
    /// In place of a file consent card, which the outbox cannot carry (the upload it offers belongs to this turn): a
    /// note naming the file and what to type to be offered it again.
    /// </summary>
    private static string AskAgain(Activity offer, Activity asked)
    {
        var file = (offer.Attachments ?? []).Select(a => a.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        var what = file is null ? "the file you asked for" : $"the file {file}";
        var command = asked.Type == ActivityTypes.Message ? CommandText.Normalize(ActivityMapping.CommandOf(asked).Text) : string.Empty;
        return command.Length is > 0 and <= CommandText.MaxLength
            ? $"Teams was too busy to offer you {what} just now. Type **{command}** again to get it."
            : $"Teams was too busy to offer you {what} just now. Ask for it again to get it.";
    }

    private static int NextNumber(ITurnContext context)
    {
        var number = context.TurnState.Get<object>(CountKey) is int count ? count + 1 : 1;
        context.TurnState[CountKey] = number;
        return number;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams refused a turn's card update with {Status} longer than the turn could wait; the update was handed to the outbox for {Target}")]
    private static partial void LogQueuedUpdate(ILogger logger, int status, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams refused a turn's reply with {Status} longer than the turn could wait; {Count} message(s) handed to the outbox for {Target}")]
    private static partial void LogQueued(ILogger logger, int status, int count, string target);
}
