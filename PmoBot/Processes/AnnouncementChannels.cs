using PmoBot.Conversations;

namespace PmoBot.Processes;

/// <summary>The channels a version can be announced in: those PmoBot is in and can still post to, most recently used first.</summary>
public sealed class AnnouncementChannels(ConversationReferenceStore conversations)
{
    public async Task<IReadOnlyList<AnnouncementChannel>> ListAsync(CancellationToken cancellationToken) =>
        (await conversations.PostableChannelsAsync(cancellationToken))
            .Take(VersionForm.ChannelsOffered)
            .Select(c => new AnnouncementChannel(c.Key, c.Name))
            .ToList();
}
