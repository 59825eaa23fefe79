namespace PmoBot.Conversations;

/// <summary>A feature that keeps a channel of its own (the PMO's alert channel) and must hear when Teams changes it.</summary>
public interface IChannelObserver
{
    /// <summary>The channel now goes by <paramref name="name"/> ("Delivery › PMO").</summary>
    Task ChannelRenamedAsync(string channelKey, string name, CancellationToken cancellationToken);

    /// <summary>PmoBot can no longer post in the channel; <paramref name="why"/> says what happened ("the channel was deleted in Teams").</summary>
    Task ChannelClosedAsync(string channelKey, string? name, string why, CancellationToken cancellationToken);
}
