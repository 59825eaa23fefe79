using PmoBot.Conversations;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Conversations;

public sealed class ProcessedActivityStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset SentAt = new(2025, 3, 10, 23, 59, 59, TimeSpan.Zero);

    [Fact]
    public async Task An_activity_is_claimed_once()
    {
        var (store, conversation, activity) = await ArrangeAsync();

        Assert.True(await store.TryClaimAsync(conversation, activity, SentAt, None));
        Assert.False(await store.TryClaimAsync(conversation, activity, SentAt, None));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_activity_are_claimed_by_exactly_one()
    {
        var (store, conversation, activity) = await ArrangeAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.TryClaimAsync(conversation, activity, SentAt, None))));

        Assert.Single(claims, claimed => claimed);
    }

    [Fact]
    public async Task A_storm_of_deliveries_claims_each_activity_once_whatever_group_they_share()
    {
        var (store, conversation, _) = await ArrangeAsync();
        var activities = Enumerable.Range(0, 250).Select(i => $"f:{Guid.NewGuid():N}/{i}").ToList();
        var claimedBefore = activities.Where((_, i) => i % 10 == 0).ToList();
        foreach (var activity in claimedBefore)
        {
            Assert.True(await store.TryClaimAsync(conversation, activity, SentAt, None));
        }

        // Every activity delivered twice at once, in any order: the deliveries queue up and are inserted in groups,
        // where one that was claimed before (or twice in the same group) must not cost the others their claim.
        var deliveries = activities.Concat(activities).OrderBy(_ => Random.Shared.Next()).ToList();
        var claims = await Task.WhenAll(deliveries.Select(activity => Task.Run(async () => (activity, claimed: await store.TryClaimAsync(conversation, activity, SentAt, None)))));

        foreach (var activity in activities)
        {
            var won = claims.Count(c => c.activity == activity && c.claimed);
            Assert.Equal(claimedBefore.Contains(activity) ? 0 : 1, won);
        }
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again()
    {
        var (store, conversation, activity) = await ArrangeAsync();
        await store.TryClaimAsync(conversation, activity, SentAt, None);

        await store.ReleaseAsync(conversation, activity, SentAt, None);

        Assert.True(await store.TryClaimAsync(conversation, activity, SentAt, None));
    }

    [Fact]
    public async Task Releasing_what_was_never_claimed_is_fine()
    {
        var (store, conversation, activity) = await ArrangeAsync();

        await store.ReleaseAsync(conversation, activity, SentAt, None);

        Assert.True(await store.TryClaimAsync(conversation, activity, SentAt, None));
    }

    [Fact]
    public async Task The_same_activity_id_in_another_conversation_is_a_different_activity()
    {
        var (store, conversation, activity) = await ArrangeAsync();
        await store.TryClaimAsync(conversation, activity, SentAt, None);

        Assert.True(await store.TryClaimAsync(conversation + "-other", activity, SentAt, None));
    }

    [Fact]
    public async Task The_claim_follows_the_utc_day_whatever_the_offset_it_was_sent_with()
    {
        var (store, conversation, activity) = await ArrangeAsync();
        await store.TryClaimAsync(conversation, activity, SentAt, None);

        var sameInstantInIndia = SentAt.ToOffset(TimeSpan.FromHours(5.5));

        Assert.False(await store.TryClaimAsync(conversation, activity, sameInstantInIndia, None));
    }

    [Fact]
    public void A_days_claims_spread_over_the_buckets_and_a_conversation_keeps_its_own()
    {
        var conversations = Enumerable.Range(0, 400).Select(i => $"19:{Guid.NewGuid():N}@thread.tacv2;messageid={i}").ToList();

        var partitions = conversations.Select(c => ProcessedActivityStore.PartitionKeyFor(c, SentAt)).ToList();

        Assert.Equal(ProcessedActivityStore.Buckets, partitions.Distinct().Count());
        Assert.All(partitions, p => Assert.StartsWith("20250310-", p, StringComparison.Ordinal));
        Assert.Equal(partitions, conversations.Select(c => ProcessedActivityStore.PartitionKeyFor(c, SentAt.AddHours(-23))));
        Assert.Equal("20250311", ProcessedActivityStore.PartitionKeyFor(conversations[0], SentAt.AddSeconds(1))[..8]);
    }

    private static async Task<(ProcessedActivityStore Store, string Conversation, string Activity)> ArrangeAsync()
    {
        var store = new ProcessedActivityStore(await AzuriteStorage.WithTablesAsync(ProcessedActivityStore.TableName));
        return (store, $"19:{Guid.NewGuid():N}@thread.skype;messageid=1700000000000", $"f:{Guid.NewGuid():N}/1?#");
    }
}
