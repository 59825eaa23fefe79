using PmoBot.Delivery;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Delivery;

/// <summary>
/// Two bot instances on one storage account when things go wrong: storage refusing connections for 10 s in the
/// middle of sending, and an instance stopped hard.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class ScaleOutFailureTests : OutboxTest
{
    [Fact]
    public async Task A_ten_second_storage_outage_right_after_teams_accepted_sends_doubles_none_of_them()
    {
        var harness = await DeliveryHarness.CreateAsync(o => (o.GlobalRatePerSecond, o.VisibilityTimeout, o.Prefetch) = (10, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2)));
        var chats = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => harness.PersonalChatAsync(Connector.ServiceUrl)));
        var deliveries = await Task.WhenAll(chats.Select(chat => harness.EnqueueAsync(chat)));
        await using var storage = StorageOutage.InFrontOf(AzuriteStorage.ConnectionString);
        Task? outage = null;
        var accepted = 0;
        Connector.OnAnswer = request =>
        {
            // Storage goes away as Teams accepts the eighth send, before any sender could record it.
            if (request.Answer.IsSuccess && Interlocked.Increment(ref accepted) == 8)
            {
                outage = storage.GoAwayFor(TimeSpan.FromSeconds(10));
            }
        };

        await DeliveryHarness.RunAsync(
            [harness.Host(Sender, storage.ConnectionString).Worker, harness.Host(Sender, storage.ConnectionString).Worker],
            async () => outage is { IsCompleted: true } && await harness.AllFinalAsync(deliveries.Select(d => d.IdempotencyKey)),
            TimeSpan.FromSeconds(60));

        Assert.NotNull(outage);
        Assert.True(outage.IsCompleted, "storage should have come back");
        var doubled = chats.Where(chat => Connector.RequestsTo(chat.ConversationId).Count(r => r.Answer.IsSuccess) > 1).ToList();
        Assert.True(doubled.Count == 0, $"{doubled.Count} of {chats.Length} messages were sent twice");
        Assert.All(chats, chat => Assert.Single(Connector.RequestsTo(chat.ConversationId), r => r.Answer.IsSuccess));
        Assert.True(await harness.AllFinalAsync(deliveries.Select(d => d.IdempotencyKey)), "every delivery should be recorded once storage is back");
    }

    [Fact]
    public async Task When_an_instance_stops_hard_the_survivor_takes_the_whole_rate_and_its_stranded_messages_within_seconds()
    {
        // The shipped visibility (60 s) and prefetch (15 s): without help, what the stopped instance had received
        // would stay hidden for a minute.
        var harness = await DeliveryHarness.CreateAsync(o => (o.GlobalRatePerSecond, o.VisibilityTimeout, o.Prefetch) = (20, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(15)));
        var chats = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => harness.PersonalChatAsync(Connector.ServiceUrl)));
        var deliveries = await Task.WhenAll(chats.Select(chat => harness.EnqueueAsync(chat)));
        await using var doomedStorage = StorageOutage.InFrontOf(AzuriteStorage.ConnectionString);
        var doomedSender = new HostSender(Sender);
        var doomed = harness.Host(doomedSender, doomedStorage.ConnectionString);
        var survivor = harness.Host(new HostSender(Sender), AzuriteStorage.ConnectionString);
        var keys = deliveries.Select(d => d.IdempotencyKey).ToList();
        var stoppedAt = TimeSpan.Zero;
        TimeSpan? wholeRateAt = null;

        await survivor.Worker.StartAsync(None);
        await doomed.Worker.StartAsync(None);
        try
        {
            while (Connector.Requests.Count(r => r.Answer.IsSuccess) < 15)
            {
                await Task.Delay(20);
            }

            // Stopped hard between two sends: nothing more leaves it, it stops beating and it never tidies up.
            await doomedSender.FreezeAsync();
            await Task.Delay(200);
            doomedStorage.GoAway();
            stoppedAt = Connector.Now;
            while (Connector.Now - stoppedAt < TimeSpan.FromSeconds(30)
                && (wholeRateAt is null || chats.Any(chat => !Connector.RequestsTo(chat.ConversationId).Any(r => r.Answer.IsSuccess))))
            {
                wholeRateAt ??= survivor.Limiter.GlobalPerSecond == 20 ? Connector.Now : null;
                await Task.Delay(100);
            }

            await harness.DrainedAsync(keys, TimeSpan.FromSeconds(10));
        }
        finally
        {
            await survivor.Worker.StopAsync(None);

            // Let the stopped instance's leftovers end, so nothing of it runs on after the test.
            doomedStorage.ComeBack();
            doomedSender.Thaw();
            await doomed.Worker.StopAsync(None);
        }

        Assert.True(await harness.AllFinalAsync(keys), "every delivery should be sent by the survivor");
        Assert.All(chats, chat => Assert.Single(Connector.RequestsTo(chat.ConversationId), r => r.Answer.IsSuccess));
        // Measured alone: both about 4.5 s after the stop (an instance is dead 5 s after its last beat). The bounds leave
        // room for a loaded machine and still stand far below the minute the stranded messages would otherwise wait.
        Assert.True(wholeRateAt - stoppedAt < TimeSpan.FromSeconds(12), $"the survivor should take the app's whole rate (20) within seconds; it had {survivor.Limiter.GlobalPerSecond} a second, {(wholeRateAt - stoppedAt)?.TotalSeconds:0.0} s after the stop");
        var arrivals = Connector.Requests.Where(r => r.Answer.IsSuccess).Select(r => r.At).ToList();
        var afterStop = arrivals.Max() - stoppedAt;
        Assert.True(afterStop < TimeSpan.FromSeconds(15), $"the last message was sent {afterStop.TotalSeconds:0.0} s after the instance stopped");
        Assert.True(SendWindows.MostInAnyWindow(arrivals, TimeSpan.FromSeconds(1)) <= 20, "the app's rate should hold throughout");
    }
}
