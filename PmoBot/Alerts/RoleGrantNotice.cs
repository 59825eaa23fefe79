using System.Globalization;
using PmoBot.Cards;
using PmoBot.Delivery;
using PmoBot.People;

namespace PmoBot.Alerts;

/// <summary>
/// Tells someone in their personal chat that they were given a role, and by whom: otherwise nothing in Teams shows them
/// that PmoBot now answers them differently. Through the outbox, which keeps to Teams' limits and retries; someone
/// PmoBot cannot reach yet (never opened it, and no proactive install) shows in <c>delivery status</c>.
/// </summary>
public sealed class RoleGrantNotice(Outbox outbox, TimeProvider time) : IRoleGrantObserver
{
    public static string KeyPrefix(string userKey, Role role) => $"role-granted|{userKey}|{role}|";

    public async Task RoleGrantedAsync(PmoUser target, Role role, PmoUser grantedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(grantedBy);
        if (string.Equals(target.UserKey, grantedBy.UserKey, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // Each grant is its own message: a role taken away and given again is news again.
        var key = KeyPrefix(target.UserKey, role) + time.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture);
        var text = $"{grantedBy.Name} gave you the {role.DisplayName()} role in PmoBot. Type **help** to see what you can do now.";
        var card = AdaptiveCard.Create(
            [AdaptiveCard.Heading($"You are now {role.DisplayName()}"), AdaptiveCard.Text(text)],
            [AdaptiveCard.SendMessage("Help", "help")]);
        await outbox.EnqueueAsync(new DeliveryRequest(key, DeliveryTarget.PersonalChat(target.UserKey), text, card), cancellationToken);
    }
}
