using Microsoft.Extensions.Time.Testing;
using PmoBot.Conversations;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Conversations;

public sealed class ConversationReferenceStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Saved = new(2025, 3, 10, 9, 30, 15, TimeSpan.Zero);

    [Fact]
    public async Task A_personal_chat_is_saved_by_user_and_read_back_equal()
    {
        var store = await StoreAsync();
        var person = TestPerson.New();
        var address = Personal(person);

        await store.SaveAsync(address, None);

        Assert.Equal(address, await store.GetPersonalAsync(person.AadObjectId, None));
    }

    [Fact]
    public async Task A_personal_chat_without_an_entra_id_is_found_by_teams_id()
    {
        var store = await StoreAsync();
        var person = TestPerson.New();
        var address = Personal(person) with { UserKey = null };

        await store.SaveAsync(address, None);

        Assert.Equal(address, await store.GetPersonalAsync(person.TeamsUserId, None));
    }

    [Theory]
    [InlineData("19:{0}@thread.tacv2")]
    [InlineData("19:{0}@thread.skype;messageid=1700000000000")]
    [InlineData("channel/{0}#general?x=1;y=2")]
    [InlineData("a\\b %2F {0} 100%")]
    public async Task A_channel_id_with_awkward_characters_round_trips(string idFormat)
    {
        var store = await StoreAsync();
        var address = Channel(idFormat.Replace("{0}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal));

        await store.SaveAsync(address, None);

        Assert.Equal(address, await store.GetAsync(ConversationKind.Channel, address.ConversationId, None));
        Assert.Contains(address, await store.ListAsync(ConversationKind.Channel, None));
    }

    [Fact]
    public async Task Listing_a_kind_returns_the_saved_conversations_of_that_kind_only()
    {
        var store = await StoreAsync();
        var group1 = GroupChat();
        var group2 = GroupChat();
        var channel = Channel($"19:{Guid.NewGuid():N}@thread.tacv2");
        foreach (var address in new[] { group1, group2, channel })
        {
            await store.SaveAsync(address, None);
        }

        var groups = await store.ListAsync(ConversationKind.GroupChat, None);
        var channels = await store.ListAsync(ConversationKind.Channel, None);

        Assert.Contains(group1, groups);
        Assert.Contains(group2, groups);
        Assert.DoesNotContain(groups, a => a.ConversationId == channel.ConversationId);
        Assert.All(groups, a => Assert.Equal(ConversationKind.GroupChat, a.Kind));
        Assert.Contains(channel, channels);
        Assert.DoesNotContain(channels, a => a.ConversationId == group1.ConversationId);
    }

    [Fact]
    public async Task A_removed_conversation_is_gone_and_removing_it_again_is_fine()
    {
        var store = await StoreAsync();
        var address = GroupChat();
        await store.SaveAsync(address, None);

        await store.RemoveAsync(ConversationKind.GroupChat, address.ConversationId, None);
        await store.RemoveAsync(ConversationKind.GroupChat, address.ConversationId, None);

        Assert.Null(await store.GetAsync(ConversationKind.GroupChat, address.ConversationId, None));
        Assert.DoesNotContain(await store.ListAsync(ConversationKind.GroupChat, None), a => a.ConversationId == address.ConversationId);
    }

    [Fact]
    public async Task Saving_again_updates_the_one_stored_address()
    {
        var store = await StoreAsync();
        var person = TestPerson.New();
        var first = Personal(person);
        var moved = first with { ServiceUrl = "https://smba.trafficmanager.net/emea/", Name = "renamed", UpdatedAt = Saved.AddHours(2) };
        await store.SaveAsync(first, None);

        await store.SaveAsync(moved, None);

        Assert.Equal(moved, await store.GetPersonalAsync(person.AadObjectId, None));
        Assert.Single(await store.ListAsync(ConversationKind.Personal, None), a => a.UserKey == person.AadObjectId);
    }

    [Fact]
    public async Task The_same_address_saved_again_soon_is_not_written_again_but_a_changed_one_is()
    {
        var clock = new FakeTimeProvider(Saved);
        var store = new ConversationReferenceStore(await AzuriteStorage.WithTablesAsync(ConversationReferenceStore.TableName), clock);
        var channel = Channel($"19:{Guid.NewGuid():N}@thread.tacv2");
        await store.SaveAsync(channel, None);

        // A thousand presses on one channel card bring the channel's same address: one write serves them.
        clock.Advance(TimeSpan.FromSeconds(30));
        await store.SaveAsync(channel with { UpdatedAt = Saved.AddSeconds(30) }, None);
        Assert.Equal(Saved, (await store.GetAsync(ConversationKind.Channel, channel.ConversationId, None))!.UpdatedAt);

        // The twin: what changed (Teams moved the conversation to another region) is written at once.
        var moved = channel with { ServiceUrl = "https://smba.trafficmanager.net/emea/", UpdatedAt = Saved.AddSeconds(31) };
        await store.SaveAsync(moved, None);
        Assert.Equal(moved, await store.GetAsync(ConversationKind.Channel, channel.ConversationId, None));

        // And the same address is written again once the last write is no longer fresh.
        clock.Advance(ConversationReferenceStore.FreshFor);
        var later = moved with { UpdatedAt = clock.GetUtcNow() };
        await store.SaveAsync(later, None);
        Assert.Equal(later, await store.GetAsync(ConversationKind.Channel, channel.ConversationId, None));
    }

    [Fact]
    public async Task A_message_after_the_conversation_was_marked_unreachable_clears_the_mark_at_once()
    {
        var clock = new FakeTimeProvider(Saved);
        var store = new ConversationReferenceStore(await AzuriteStorage.WithTablesAsync(ConversationReferenceStore.TableName), clock);
        var person = TestPerson.New();
        await store.SaveAsync(Personal(person), None);
        await store.MarkUnreachableAsync(ConversationKind.Personal, person.AadObjectId, "403 blocked", Saved.AddSeconds(1), None);
        Assert.True((await store.GetPersonalAsync(person.AadObjectId, None))!.IsUnreachable);

        clock.Advance(TimeSpan.FromSeconds(5));
        await store.SaveAsync(Personal(person) with { UpdatedAt = clock.GetUtcNow() }, None);

        Assert.False((await store.GetPersonalAsync(person.AadObjectId, None))!.IsUnreachable);
    }

    [Fact]
    public async Task Nothing_saved_reads_as_null()
    {
        var store = await StoreAsync();

        Assert.Null(await store.GetPersonalAsync(Guid.NewGuid().ToString(), None));
    }

    private static async Task<ConversationReferenceStore> StoreAsync() =>
        new(await AzuriteStorage.WithTablesAsync(ConversationReferenceStore.TableName));

    private static ConversationAddress Personal(TestPerson person) => new(
        ConversationKind.Personal, $"a:personal-{person.AadObjectId}", "https://smba.trafficmanager.net/teams/", TeamsActivities.TenantId,
        "msteams", TeamsActivities.BotId, TeamsActivities.BotName, person.AadObjectId, person.TeamsUserId, null, person.Name, Saved);

    private static ConversationAddress Channel(string channelId) => new(
        ConversationKind.Channel, channelId, "https://smba.trafficmanager.net/teams/", TeamsActivities.TenantId,
        "msteams", TeamsActivities.BotId, TeamsActivities.BotName, null, null, "19:team@thread.tacv2", "PMO", Saved);

    private static ConversationAddress GroupChat() => new(
        ConversationKind.GroupChat, $"19:{Guid.NewGuid():N}@thread.v2", "https://smba.trafficmanager.net/teams/", TeamsActivities.TenantId,
        "msteams", TeamsActivities.BotId, TeamsActivities.BotName, null, null, null, "Steering committee", Saved);
}
