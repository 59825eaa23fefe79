using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Teams;

/// <summary>
/// The reads a typed message needs, started side by side with its duplicate check rather than after it: the caller's
/// profile and, in personal chat, every conversation flow's session (a review answer waits for the slowest of them
/// instead of their sum). They only read: a second delivery that loses the claim has changed nothing, and every write
/// (a newcomer's profile, the session under the ETag of its read) still happens after the claim.
/// </summary>
public sealed class TurnReadAhead
{
    private TurnReadAhead(CallerIdentity caller, Task<UserProfile?> profile, PreparedFlows? flows)
    {
        Caller = caller;
        Profile = profile;
        Flows = flows;
    }

    public CallerIdentity Caller { get; }

    public Task<UserProfile?> Profile { get; }

    public PreparedFlows? Flows { get; }

    /// <summary>Starts the reads for a message from a known sender and keeps them in the turn; null for anything else.</summary>
    public static TurnReadAhead? Start(ITurnContext turnContext, PeopleDirectory people, CommandRouter commands, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.Type != ActivityTypes.Message || string.IsNullOrEmpty(activity.From?.Id))
        {
            return null;
        }

        var caller = ActivityMapping.Caller(activity);
        // A card's submission goes to its verb, not to the flows; a typed message may continue one.
        var flows = activity.Value is null && CommandRouter.ConsultsFlows(activity.Text, ActivityMapping.KindOf(activity))
            ? commands.PrepareFlows(caller.UserKey, cancellationToken)
            : null;
        var ahead = new TurnReadAhead(caller, people.ReadProfileAsync(caller, cancellationToken), flows);
        turnContext.TurnState.Add(ahead);
        return ahead;
    }

    /// <summary>The reads started for this turn, if they were started for <paramref name="userKey"/>.</summary>
    public static TurnReadAhead? Of(ITurnContext turnContext, string userKey) =>
        turnContext.TurnState.Get<TurnReadAhead>() is { } ahead && ahead.Caller.UserKey == userKey ? ahead : null;

    /// <summary>Waits for every read and swallows its failure: for a turn that will not (or no longer) use them.</summary>
    public async Task SettleAsync()
    {
        try
        {
            await Profile;
        }
        catch (Exception)
        {
            // The turn that needed the profile failed already, or was a second delivery.
        }

        if (Flows is not null)
        {
            await Flows.SettleAsync();
        }
    }
}
