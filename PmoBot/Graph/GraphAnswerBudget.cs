using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PmoBot.Graph;

/// <summary>The work's result when it ended within the budget; otherwise it goes on in the background.</summary>
public readonly record struct WithinBudget<T>(bool InTime, T? Result);

/// <summary>
/// Graph work a person waits for in a card press or a dialog. Teams gives an invoke five seconds, then shows an error
/// and sends the press again, while Graph can take longer (a throttled call waits for its Retry-After). Work still
/// running after <see cref="GraphOptions.AnswerWithin"/> is not cancelled: it goes on in the background, detached from
/// the request (Teams giving up on the press does not stop it), and what it does when it ends (store the result, update
/// the card through the outbox) runs then. At shutdown, running work is waited for until the host's own deadline, then
/// cancelled.
/// </summary>
public sealed partial class GraphAnswerBudget(IOptions<GraphOptions> options, TimeProvider time, ILogger<GraphAnswerBudget> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Task, byte> late = new();
    private int disposed;

    /// <summary>Work that ended late and is still finishing; for tests and shutdown.</summary>
    public int Running => late.Count;

    /// <param name="what">What the work is, for the log when it fails late ("booking the review meeting of PRJ-101").</param>
    /// <param name="work">The Graph work; its token is cancelled only when the app stops.</param>
    /// <param name="finishLate">What to do with the result when the work ended after the answer was given.</param>
    public async Task<WithinBudget<T>> RunAsync<T>(string what, Func<CancellationToken, Task<T>> work, Func<T, CancellationToken, Task> finishLate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(finishLate);
        Task<T> running;
        using (Storage.StorageWaitLimit.Lift())
        {
            // The press waits only until the budget; the work itself may finish later, so it waits for storage as any
            // background work does rather than at the press's pace.
            running = work(stopping.Token);
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = Task.Delay(options.Value.AnswerWithin, time, budget.Token);
        if (await Task.WhenAny(running, deadline) == running)
        {
            await budget.CancelAsync();
            return new WithinBudget<T>(true, await running);
        }

        LogAnsweredBeforeGraph(what, options.Value.AnswerWithin.TotalSeconds);
        var finishing = FinishAsync(what, running, finishLate);
        if (!finishing.IsCompleted)
        {
            late.TryAdd(finishing, 0);
            _ = finishing.ContinueWith(t => late.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return new WithinBudget<T>(false, default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref disposed) == 1)
        {
            // A test host can dispose its services before it stops them: the work was cancelled then.
            return;
        }

        try
        {
            await Task.WhenAll(late.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown deadline passed: what is left is cancelled below. A booking's transaction id makes a
            // press after the restart give the same meeting.
        }
        finally
        {
            // A test host may dispose the services while this waited: disposing cancelled the work already.
            if (Volatile.Read(ref disposed) == 0)
            {
                try
                {
                    await stopping.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            stopping.Cancel();
            stopping.Dispose();
        }
    }

    private async Task FinishAsync<T>(string what, Task<T> running, Func<T, CancellationToken, Task> finishLate)
    {
        // The person has been answered: what is left need not hurry for them.
        using var storageWait = Storage.StorageWaitLimit.Lift();
        try
        {
            await finishLate(await running, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogStoppedLate(what);
        }
        catch (Exception ex) when (GraphFailure.TryRead(ex, out var failure))
        {
            // Graph down or throttling: expected now and then, and said in full by its status and message.
            LogLateGraphRefused(what, failure.Code, failure.Detail);
        }
        catch (Exception ex)
        {
            LogLateWorkFailed(ex, what);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered before Microsoft Graph did ({Seconds} s): {What} goes on in the background")]
    private partial void LogAnsweredBeforeGraph(string what, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PmoBot stopped before {What} ended")]
    private partial void LogStoppedLate(string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What} failed after the person had been answered: Graph answered {Status} ({Reason})")]
    private partial void LogLateGraphRefused(string what, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} failed after the person had been answered")]
    private partial void LogLateWorkFailed(Exception exception, string what);
}
