using Microsoft.Extensions.Logging.Abstractions;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;

namespace PmoBot.Tests.Reviews;

/// <summary>How a recorded review reaches the features that act on it: side by side, readers of the others' registers last.</summary>
public sealed class ReviewObserversTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Observers_that_keep_their_own_records_run_side_by_side()
    {
        using var bothStarted = new CountdownEvent(2);
        var first = new Observer(async () => await WaitForAsync(bothStarted));
        var second = new Observer(async () => await WaitForAsync(bothStarted));

        // Run one after the other, each would wait for the other to start, and time out.
        await ReviewObservers.NotifyAsync([first, second], o => ((Observer)o).RunAsync(), NullLogger.Instance);

        Assert.True(first.Finished && second.Finished);
        Assert.Null(first.Failure ?? second.Failure);
    }

    [Fact]
    public async Task An_observer_that_reads_the_others_records_starts_once_every_other_has_finished()
    {
        var writer = new Observer(() => Task.Delay(200));
        var fastWriter = new Observer(() => Task.CompletedTask);
        var sawBoth = false;
        var reader = new Observer(() =>
        {
            sawBoth = writer.Finished && fastWriter.Finished;
            return Task.CompletedTask;
        }, readsOthers: true);

        await ReviewObservers.NotifyAsync([reader, writer, fastWriter], o => ((Observer)o).RunAsync(), NullLogger.Instance);

        Assert.True(sawBoth);
        Assert.True(reader.Finished);
    }

    [Fact]
    public async Task A_failing_observer_leaves_the_others_to_run()
    {
        var failing = new Observer(() => throw new InvalidOperationException("register unavailable"));
        var other = new Observer(() => Task.CompletedTask);
        var reader = new Observer(() => Task.CompletedTask, readsOthers: true);

        await ReviewObservers.NotifyAsync([failing, other, reader], o => ((Observer)o).RunAsync(), NullLogger.Instance);

        Assert.IsType<InvalidOperationException>(failing.Failure);
        Assert.True(other.Finished && reader.Finished);
    }

    private static async Task WaitForAsync(CountdownEvent started)
    {
        started.Signal();
        if (!await Task.Run(() => started.Wait(Patience)))
        {
            throw new TimeoutException("the other observer never started");
        }
    }

    private sealed class Observer(Func<Task> work, bool readsOthers = false) : IReviewEventsObserver
    {
        public bool ReadsOtherObserversRecords => readsOthers;

        public bool Finished { get; private set; }

        public Exception? Failure { get; private set; }

        public async Task RunAsync()
        {
            try
            {
                await work();
                Finished = true;
            }
            catch (Exception ex)
            {
                Failure = ex;
                throw;
            }
        }

        public Task ReviewSubmittedAsync(Project project, ReviewRecord record, CancellationToken cancellationToken) => RunAsync();

        public Task ReviewMissedAsync(Project project, ReviewPeriod period, CancellationToken cancellationToken) => RunAsync();
    }
}
