using System.Globalization;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.People;

namespace PmoBot.Alerts;

/// <summary>
/// Tells someone in their personal chat that they were given a role or lost one, and by whom: otherwise nothing in
/// Teams shows them that PmoBot now answers them differently. Through the outbox, which keeps to Teams' limits and
/// retries; someone PmoBot cannot reach yet (never opened it, and no proactive install) shows in <c>delivery status</c>.
/// </summary>
/// <param name="commands">The command table, read when a role is taken away (what the person can no longer use); lazy,
/// as the table's own role commands lead here.</param>
public sealed class RoleGrantNotice(Outbox outbox, TimeProvider time, Lazy<CommandRouter> commands) : IRoleGrantObserver
{
    /// <summary>Commands named on a revocation's card; the rest are counted.</summary>
    public const int CommandsNamed = 8;

    public static string KeyPrefix(string userKey, Role role) => $"role-granted|{userKey}|{role}|";

    public static string RevokedKeyPrefix(string userKey, Role role) => $"role-revoked|{userKey}|{role}|";

    public Task RoleGrantedAsync(PmoUser target, Role role, PmoUser grantedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(grantedBy);
        var text = $"{grantedBy.Name} gave you the {role.DisplayName()} role in PmoBot. Type **help** to see what you can do now.";
        return SendAsync(KeyPrefix(target.UserKey, role), target, grantedBy, $"You are now {role.DisplayName()}", text, cancellationToken);
    }

    public Task RoleRevokedAsync(PmoUser target, Role role, PmoUser revokedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(revokedBy);
        var after = new PmoUser(
            target.UserKey, target.Name, target.TeamsUserId, target.Email, target.TimeZone, target.StoredRoles.Where(r => r != role).ToHashSet(), target.IsConfiguredAdmin, target.FirstSeenAt);
        var lost = commands.Value.Commands.Where(c => c.IsAllowedFor(target) && !c.IsAllowedFor(after)).Select(c => $"**{c.Name}**").ToList();
        var what = lost.Count == 0
            ? $"Your other roles ({Roles.Describe(after.Roles)}) still give you every command it did."
            : $"You can no longer use {string.Join(", ", lost.Take(CommandsNamed))}{(lost.Count > CommandsNamed ? $" and {lost.Count - CommandsNamed} more" : string.Empty)}.";
        var text = $"{revokedBy.Name} removed your {role.DisplayName()} role in PmoBot. {what} If you need it, ask {revokedBy.Name} or another PMO member; type **help** to see what you can still do.";
        return SendAsync(RevokedKeyPrefix(target.UserKey, role), target, revokedBy, $"You are no longer {role.DisplayName()}", text, cancellationToken);
    }

    private async Task SendAsync(string keyPrefix, PmoUser target, PmoUser changedBy, string heading, string text, CancellationToken cancellationToken)
    {
        if (string.Equals(target.UserKey, changedBy.UserKey, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // Each change is its own message: a role taken away and given again is news again.
        var key = keyPrefix + time.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture);
        var card = AdaptiveCard.Create([AdaptiveCard.Heading(heading), AdaptiveCard.Text(text)], [AdaptiveCard.SendMessage("Help", "help")]);
        await outbox.EnqueueAsync(new DeliveryRequest(key, DeliveryTarget.PersonalChat(target.UserKey), text, card), cancellationToken);
    }
}
