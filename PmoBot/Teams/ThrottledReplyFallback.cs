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
/// (a Retry-After of a minute, a gateway down for longer), or refuses with an error the outbox retries (a 500), goes
/// to the outbox instead of being lost: the outbox keeps it durably, waits out the conversation's pause and posts it
/// to the same chat or channel. The turn itself ends normally, so the user's request is not answered with an apology
/// that Teams would refuse too. A card update refused
/// that long is queued as an update of the same card, which stays one card. A file consent card cannot wait in the
/// outbox (its upload belongs to the turn): a note saying what to type to be offered the file again goes instead.
/// A send Teams does not answer within the turn's limit (<see cref="TurnReplyOptions"/>, a connector that hangs) is
/// handed over the same way, and so is every later message of the turn, which keeps them in order and spares each
/// its own wait. Such a send may have arrived after all: Teams has no way to post an activity only once (the id a bot
/// gives it is ignored), so the choice is between losing the answer and, rarely, showing it twice; the outbox's copy is
/// at least once. The outbox's key names the message answered, so Teams delivering that message again queues nothing
/// twice (and a second delivery while the first still waits is dropped as a duplicate): one copy from the outbox.
/// </summary>
public sealed partial class ThrottledReplyFallback(Outbox outbox, ConversationPauses pauses, ILogger<ThrottledReplyFallback> logger)
{
    private const string CountKey = "PmoBot.ThrottledReplyFallback.Count";
    private const string HandedOverKey = "PmoBot.ThrottledReplyFallback.HandedOver";

    /// <summary>Watches the turn's sends to <paramref name="address"/> (the conversation as stored for this turn).</summary>
    public void Watch(ITurnContext turnContext, ConversationAddress address)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(address);
        var target = new DeliveryTarget(address.Kind, address.Key);
        turnContext.OnSendActivities(async (context, activities, next) =>
        {
            if (context.TurnState.Get<object>(HandedOverKey) is true && activities.All(a => a.Type is ActivityTypes.Message or ActivityTypes.Typing))
            {
                return await QueueAsync(context, activities, target);
            }

            try
            {
                return await next();
            }
            catch (ErrorResponseException ex) when (ex.Response is { } response && MayQueue(response))
            {
                await PauseIfThrottledAsync(address.ConversationId, response);
                var responses = await QueueAsync(context, activities, target);
                LogQueued(logger, (int)ex.Response.StatusCode, responses.Length, target.ToString());
                return responses;
            }
            catch (TurnReplyTimeoutException ex)
            {
                var responses = await QueueAsync(context, activities, target);
                LogTimedOut(logger, ex.Waited.TotalSeconds, responses.Length, target.ToString());
                return responses;
            }
            catch (HttpRequestException ex)
            {
                // No answer at all: the connection refused, reset or dropped. The outbox tries such a send again (no
                // status is transient there), and, as with a timeout, one dropped after the request went may have arrived.
                var responses = await QueueAsync(context, activities, target);
                LogUnanswered(logger, ex.Message, responses.Length, target.ToString());
                return responses;
            }
        });
        turnContext.OnUpdateActivity(async (context, activity, next) =>
        {
            try
            {
                return await next();
            }
            catch (Exception ex) when (RefusedOrUnanswered(ex, out var response)
                && CanQueue(activity) && !string.IsNullOrEmpty(activity.Id) && activity.Conversation?.Id is { } conversationId)
            {
                if (response is not null)
                {
                    await PauseIfThrottledAsync(address.ConversationId, response);
                }

                // The card pressed was posted by a turn, not the outbox: adopted first, the update edits it in place.
                var card = $"turn-card|{conversationId}|{activity.Id}";
                await outbox.AdoptSentAsync(card, target, conversationId, activity.Id, CancellationToken.None);
                var key = $"reply-update|{context.Activity.Conversation?.Id}|{context.Activity.Id}|{NextNumber(context)}";
                var (text, content) = ActivityMapping.ContentOf(activity);
                await outbox.EnqueueAsync(new DeliveryRequest(key, target, text, content, card), CancellationToken.None);
                LogQueuedUpdate(logger, response is null ? "no answer" : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), target.ToString());
                return new ResourceResponse(activity.Id);
            }
        });
    }

    private async Task<ResourceResponse[]> QueueAsync(ITurnContext context, IEnumerable<Activity> activities, DeliveryTarget target)
    {
        context.TurnState[HandedOverKey] = true;
        var responses = new List<ResourceResponse>();
        foreach (var activity in activities.Where(a => a.Type == ActivityTypes.Message))
        {
            // Named after the message it answers, so Teams delivering that message again queues nothing twice.
            var key = $"reply|{context.Activity.Conversation?.Id}|{context.Activity.Id}|{NextNumber(context)}";
            var (text, card) = CanQueue(activity) ? ActivityMapping.ContentOf(activity) : (AskAgain(activity, context.Activity), null);
            await outbox.EnqueueAsync(new DeliveryRequest(key, target, text, card), CancellationToken.None);
            responses.Add(new ResourceResponse(string.Empty));
        }

        return [.. responses];
    }

    /// <summary>Teams refused with a transient status (<paramref name="response"/>), or did not answer in time (null).</summary>
    private static bool RefusedOrUnanswered(Exception exception, out HttpResponseMessageWrapper? response)
    {
        response = (exception as ErrorResponseException)?.Response;
        return exception is TurnReplyTimeoutException or HttpRequestException || (response is not null && MayQueue(response));
    }

    /// <summary>
    /// A refusal the outbox would try again (<see cref="DeliveryRetryPolicy.IsTransient"/>): the statuses the turn
    /// retries itself, and those it may not (a 500 may or may not have posted the message, so the turn does not repeat
    /// it at once; the outbox's copy, at least once, is better than an answer lost and an apology Teams refuses too).
    /// </summary>
    private static bool MayQueue(HttpResponseMessageWrapper response) => DeliveryRetryPolicy.IsTransient((int)response.StatusCode);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams did not answer a turn's reply within {Seconds:0.#} s; {Count} message(s) handed to the outbox for {Target} (it may have arrived already: the outbox's copy is sent at least once)")]
    private static partial void LogTimedOut(ILogger logger, double seconds, int count, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams could not be reached for a turn's reply ({Reason}); {Count} message(s) handed to the outbox for {Target} (if the connection broke after the request went, it may have arrived already: the outbox's copy is sent at least once)")]
    private static partial void LogUnanswered(ILogger logger, string reason, int count, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams refused a turn's card update with {Status} longer than the turn could wait; the update was handed to the outbox for {Target}")]
    private static partial void LogQueuedUpdate(ILogger logger, string status, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams refused a turn's reply with {Status} longer than the turn could wait; {Count} message(s) handed to the outbox for {Target}")]
    private static partial void LogQueued(ILogger logger, int status, int count, string target);
}
