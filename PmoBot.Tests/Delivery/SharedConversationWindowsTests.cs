using PmoBot.Delivery;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Delivery;

/// <summary>The per-conversation row two instances share (each with its own cache of it), over Azurite.</summary>
public sealed class SharedConversationWindowsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Seven_sends_by_one_instance_fill_the_conversations_second_for_the_other_but_not_another_conversation()
    {
        var (first, second) = await TwoInstancesAsync();
        var channel = $"19:{Guid.NewGuid():N}@thread.tacv2";
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(TimeSpan.Zero, (await first.TryReserveAsync(channel, "instance-a", None)).Wait);
        }

        var (wait, _) = await second.TryReserveAsync(channel, "instance-b", None);
        Assert.InRange(wait, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1) + SharedConversationWindows.ForeignMargin + TimeSpan.FromMilliseconds(50));
        Assert.Equal(TimeSpan.Zero, (await second.TryReserveAsync($"19:{Guid.NewGuid():N}@thread.tacv2", "instance-b", None)).Wait);
    }

    [Fact]
    public async Task A_pause_written_by_one_instance_holds_the_conversation_for_the_other_until_it_ends()
    {
        var (first, second) = await TwoInstancesAsync();
        var chat = $"a:{Guid.NewGuid():N}";
        Assert.Equal(TimeSpan.Zero, (await second.TryReserveAsync(chat, "instance-b", None)).Wait);

        await first.PauseAsync(chat, DateTimeOffset.UtcNow.AddSeconds(3), None);

        Assert.InRange((await second.TryReserveAsync(chat, "instance-b", None)).Wait, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Another_instances_send_counts_as_now_while_in_flight_and_from_its_completion_once_it_has_one()
    {
        var (first, second) = await TwoInstancesAsync();
        var chat = $"a:{Guid.NewGuid():N}";
        var granted = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            granted.Add((await first.TryReserveAsync(chat, "instance-a", None)).GrantedAt);
        }

        // In flight for 1.5 s: still inside the second on the other instance's count, though granted longer ago.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.True((await second.TryReserveAsync(chat, "instance-b", None)).Wait > TimeSpan.FromMilliseconds(900));

        var completing = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var at in granted)
        {
            await first.CompleteAsync(chat, "instance-a", at, None);
        }

        // The window runs a second from the first completion: what the completions and this read took on a busy machine
        // has already gone from it (counted from the grants, 1.5 s ago, there would be no wait at all).
        var (wait, _) = await second.TryReserveAsync(chat, "instance-b", None);
        var since = System.Diagnostics.Stopwatch.GetElapsedTime(completing);
        Assert.InRange(wait, TimeSpan.FromSeconds(1) - since - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1) + SharedConversationWindows.ForeignMargin + TimeSpan.FromMilliseconds(50));
        Assert.True(wait > TimeSpan.FromMilliseconds(500), $"waited {wait}");
    }

    [Fact]
    public async Task A_lone_sends_completion_is_not_written_but_the_completions_of_two_sends_are()
    {
        var (first, _) = await TwoInstancesAsync();
        var lone = $"a:{Guid.NewGuid():N}";
        var busy = $"a:{Guid.NewGuid():N}";

        await first.CompleteAsync(lone, "instance-a", (await first.TryReserveAsync(lone, "instance-a", None)).GrantedAt, None);
        var granted = new[] { (await first.TryReserveAsync(busy, "instance-a", None)).GrantedAt, (await first.TryReserveAsync(busy, "instance-a", None)).GrantedAt };
        foreach (var at in granted)
        {
            await first.CompleteAsync(busy, "instance-a", at, None);
        }

        Assert.Equal([false], await CompletedFlagsAsync(lone));
        Assert.Equal([true, true], await CompletedFlagsAsync(busy));
    }

    /// <summary>For each send in the conversation's row, whether its completion is written (<c>granted:tag:done</c>).</summary>
    private static async Task<IReadOnlyList<bool>> CompletedFlagsAsync(string conversationId)
    {
        var tables = await AzuriteStorage.WithTablesAsync(SharedConversationWindows.TableName);
        var key = PmoBot.Storage.TableKey.Escape(conversationId);
        var row = (await tables.GetTableClient(SharedConversationWindows.TableName).GetEntityAsync<Azure.Data.Tables.TableEntity>(key, key)).Value;
        return (row.GetString("Recent") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(send => send.Split(':').Length == 3).ToList();
    }

    private static async Task<(SharedConversationWindows First, SharedConversationWindows Second)> TwoInstancesAsync()
    {
        var tables = await AzuriteStorage.WithTablesAsync(SharedConversationWindows.TableName);
        return (new SharedConversationWindows(tables, TimeProvider.System), new SharedConversationWindows(tables, TimeProvider.System));
    }
}
