using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Delivery;

/// <summary>
/// Names the people and channels deliveries went to, for <c>delivery status</c>: the log keeps a person's object id
/// or a channel's conversation id, which tell the PMO nothing. A target no longer known keeps its id.
/// </summary>
public sealed class DeliveryTargetNames(PeopleDirectory people, ConversationReferenceStore conversations)
{
    public async Task<IReadOnlyDictionary<string, string>> NameAsync(IEnumerable<string> targets, CancellationToken cancellationToken)
    {
        var distinct = targets.Distinct(StringComparer.Ordinal).ToList();
        var named = await Task.WhenAll(distinct.Select(async target => (target, await NameOfAsync(target, cancellationToken))));
        return named.ToDictionary(n => n.target, n => n.Item2, StringComparer.Ordinal);
    }

    private async Task<string> NameOfAsync(string target, CancellationToken cancellationToken)
    {
        // The log writes a target as "{Kind} {Key}" (DeliveryTarget.ToString).
        var space = target.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !Enum.TryParse<ConversationKind>(target[..space], out var kind))
        {
            return target;
        }

        var key = target[(space + 1)..];
        return kind switch
        {
            ConversationKind.Personal => $"{(await people.GetAsync(key, cancellationToken))?.Name ?? key} (personal chat)",
            ConversationKind.Channel => $"{await ConversationNameAsync(kind, key, cancellationToken) ?? key} (channel)",
            _ => $"{await ConversationNameAsync(kind, key, cancellationToken) ?? key} (group chat)",
        };
    }

    private async Task<string?> ConversationNameAsync(ConversationKind kind, string key, CancellationToken cancellationToken) =>
        (await conversations.GetAsync(kind, key, cancellationToken))?.Name is { Length: > 0 } name ? name : null;
}
