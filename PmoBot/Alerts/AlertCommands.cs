using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Reviews.Templates;

namespace PmoBot.Alerts;

/// <summary>
/// <c>alerts here</c> and <c>alerts off</c> in a channel choose where the PMO's alerts go; <c>alerts</c> says where they
/// go now. Choosing a channel lists there what is open (<see cref="IOpenAlerts"/>).
/// </summary>
public sealed class AlertCommands(AlertChannelStore channels, IEnumerable<IOpenAlerts> open, TimeProvider time) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("alerts", "alerts", "Where PMO alerts (missed reviews, warnings) are posted", Roles.PmoOrAdmin, ShowAsync),
        new("alerts here", "alerts here", "Post PMO alerts in this channel (type it in the channel)", Roles.PmoOrAdmin, HereAsync),
        new("alerts off", "alerts off", "Stop posting PMO alerts in the channel; PMO members get them in personal chat", Roles.PmoOrAdmin, OffAsync),
    ];

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken) =>
        await channels.GetAsync(cancellationToken) is { } channel
            ? Reply.Message($"PMO alerts go to {channel.Described} (chosen by {channel.RegisteredBy} on {DateText.Display(UserTimeZones.DateAt(channel.RegisteredAt, request.Caller.TimeZone))}). Type **alerts off** to stop, or **alerts here** in another channel to move them.")
            : Reply.Message("No channel is chosen, so PMO alerts go to each PMO member's personal chat. Mention me with **alerts here** in the PMO's channel to post them there.");

    private async Task<Reply> HereAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Conversation != ConversationKind.Channel || string.IsNullOrWhiteSpace(request.ConversationKey))
        {
            return Reply.Message("Type **alerts here** in the channel that should get the alerts (mention me there: @PmoBot alerts here). Nothing was changed.");
        }

        // Without the channel's name (Teams did not give it), messages elsewhere call it the PMO's alert channel.
        var name = request.ConversationName?.Trim() ?? string.Empty;
        await channels.SetAsync(new AlertChannel(request.ConversationKey, name, request.Caller.Name, time.GetUtcNow()), cancellationToken);
        var chosen = $"PMO alerts will be posted here, in **{(name.Length > 0 ? name : "this channel")}**: missed reviews now, and early warnings as they come. Type **alerts off** to stop.";
        foreach (var source in open)
        {
            if (await source.ListAsync(cancellationToken) is { } list)
            {
                // A card's message shows only the card: the confirmation goes on it, above the list.
                var said = $"{chosen} {list.Summary}";
                list.Card["body"]!.AsArray().Insert(0, AdaptiveCard.Text(said));
                return Reply.WithCard(list.Card, said);
            }
        }

        return Reply.Message(chosen);
    }

    private async Task<Reply> OffAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        await channels.ClearAsync(cancellationToken);
        return Reply.Message("PMO alerts are no longer posted in a channel; each PMO member gets them in their personal chat.");
    }
}
