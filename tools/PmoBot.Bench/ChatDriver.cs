using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace PmoBot.Bench;

/// <summary>One message posted to the bot: who, which turn of their script, and the POST's round trip.</summary>
internal sealed record TurnTiming(string Endpoint, int Pm, int Turn, string Step, TimeSpan StartedAt, TimeSpan Duration);

/// <summary>What a run of scripts gave: every timed turn, the turns whose replies were wrong or missing, and how many scripts ran to the end.</summary>
internal sealed record ChatRunResult(IReadOnlyList<TurnTiming> Timings, int Errors, int Finished, IReadOnlyList<string> FirstProblems);

/// <summary>
/// Posts the PMs' scripts to one of the bot's endpoints, each PM one message at a time, <c>concurrency</c> PMs at a
/// time, as Teams would (Teams waits for the bot's HTTP answer, and the bot sends its replies before it answers).
/// After each POST it takes the replies the connector received for the PM's chat and checks them; a wrong or missing
/// reply is an error and ends that PM's script.
/// </summary>
internal sealed class ChatDriver(HttpClient http, ReplyConnector connector, BenchProgress progress)
{
    private const int ProblemsKept = 5;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    public async Task<ChatRunResult> RunAsync(string name, Uri endpoint, IReadOnlyList<ChatScript> scripts, int concurrency, CancellationToken cancellationToken)
    {
        var timings = new ConcurrentQueue<TurnTiming>();
        var problems = new ConcurrentQueue<string>();
        var errors = 0;
        var finished = 0;
        var clock = Stopwatch.StartNew();
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporter = ReportAsync(name, timings, scripts.Sum(s => s.Turns.Count), clock, reporting.Token);
        try
        {
            await Parallel.ForEachAsync(
                scripts,
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (script, token) =>
                {
                    for (var i = 0; i < script.Turns.Count; i++)
                    {
                        var turn = script.Turns[i];
                        var (problem, duration) = await PostAsync(endpoint, script.Pm, turn, token);
                        if (duration is { } measured)
                        {
                            timings.Enqueue(new TurnTiming(name, script.Pm.Number, i + 1, turn.Step, clock.Elapsed - measured, measured));
                        }

                        if (problem is not null)
                        {
                            if (Interlocked.Increment(ref errors) <= ProblemsKept)
                            {
                                problems.Enqueue($"PM {script.Pm.Number}, turn {i + 1} ({turn.Step} \"{turn.Text}\"): {problem}");
                            }

                            return;
                        }
                    }

                    Interlocked.Increment(ref finished);
                });
        }
        finally
        {
            await reporting.CancelAsync();
            await reporter;
        }

        return new ChatRunResult([.. timings], errors, finished, [.. problems]);
    }

    /// <summary>Posts one message; returns what is wrong with the bot's answer (null when it is right) and the round trip, when there was one.</summary>
    private async Task<(string? Problem, TimeSpan? Duration)> PostAsync(Uri endpoint, BenchPm pm, ChatTurn turn, CancellationToken cancellationToken)
    {
        var (activityId, json) = TeamsMessage.From(pm, turn.Text, connector.ServiceUrl);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(endpoint, content, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return ($"the POST failed: {ex.Message}", null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ($"no answer within {http.Timeout.TotalSeconds:0} s", null);
        }

        var duration = Stopwatch.GetElapsedTime(started);
        using (response)
        {
            var replies = connector.Take(pm.ConversationId);
            var problem = !response.IsSuccessStatusCode ? $"HTTP {(int)response.StatusCode}"
                : replies.Count == 0 ? "no reply"
                : replies.FirstOrDefault(r => r.ReplyToId != activityId) is { } stray ? $"a reply that is not to this message: {stray.Describe()}"
                : turn.Problem(replies) is { } wrong ? $"{wrong}, got {string.Join(" then ", replies.Select(r => r.Describe()))}"
                : null;
            return (problem, duration);
        }
    }

    private async Task ReportAsync(string name, ConcurrentQueue<TurnTiming> timings, int expected, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var done = timings.Count;
                progress.Report($"{name}: {done} of {expected} turns, {done / clock.Elapsed.TotalSeconds:0.0}/s");
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
