using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Graph;

namespace PmoBot.Tests.Graph;

/// <summary>Graph work a card press waits for: answered within <c>Graph:AnswerWithin</c>, finished in the background after it.</summary>
public sealed class GraphAnswerBudgetTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Work_that_ends_within_the_budget_is_the_answer_and_nothing_is_left_to_finish()
    {
        using var budget = Create();
        var late = new List<string>();

        var answer = await budget.RunAsync("quick", _ => Task.FromResult("booked"), (r, _) => Record(late, r), CancellationToken.None);

        Assert.Equal(new WithinBudget<string>(true, "booked"), answer);
        Assert.Empty(late);
        Assert.Equal(0, budget.Running);
    }

    [Fact]
    public async Task Work_that_outlasts_the_budget_is_answered_at_the_budget_and_its_result_handled_when_it_ends()
    {
        using var budget = Create();
        var graph = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var late = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var answering = budget.RunAsync("slow", _ => graph.Task, (r, _) => { late.SetResult(r); return Task.CompletedTask; }, CancellationToken.None);
        // The budget's timer starts before RunAsync first yields, so the clock can be moved at once.
        Assert.False(answering.IsCompleted);
        time.Advance(Budget - TimeSpan.FromMilliseconds(1));
        Assert.False(answering.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var answer = await answering;

        Assert.Equal(new WithinBudget<string>(false, null), answer);
        Assert.Equal(1, budget.Running);
        graph.SetResult("booked late");
        Assert.Equal("booked late", await late.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await WaitUntilAsync(() => budget.Running == 0);
    }

    [Fact]
    public async Task Teams_giving_up_on_the_press_answers_at_once_and_does_not_cancel_the_work()
    {
        using var budget = Create();
        using var request = new CancellationTokenSource();
        var graph = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var late = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken workToken = default;

        var answering = budget.RunAsync("slow", t => { workToken = t; return graph.Task; }, (r, _) => { late.SetResult(r); return Task.CompletedTask; }, request.Token);
        await request.CancelAsync();

        Assert.False((await answering).InTime);
        Assert.False(workToken.IsCancellationRequested);
        graph.SetResult("booked");
        Assert.Equal("booked", await late.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Stop_waits_for_late_work_still_finishing()
    {
        using var budget = Create();
        var graph = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = false;
        var answering = budget.RunAsync("slow", _ => graph.Task, (_, _) => { handled = true; return Task.CompletedTask; }, CancellationToken.None);
        time.Advance(Budget);
        Assert.False((await answering).InTime);

        var stopping = budget.StopAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(stopping.IsCompleted);
        graph.SetResult("booked");
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(handled);
    }

    [Fact]
    public async Task Late_work_that_fails_is_logged_and_stop_waits_for_work_still_running_then_cancels_it()
    {
        using var budget = Create();
        var failing = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken workToken = default;
        var answering = budget.RunAsync("fails", _ => failing.Task, (_, _) => Task.CompletedTask, CancellationToken.None);
        var stuck = budget.RunAsync("stuck", t => { workToken = t; return Task.Delay(Timeout.Infinite, t).ContinueWith(_ => "never", TaskScheduler.Default); }, (_, _) => Task.CompletedTask, CancellationToken.None);
        time.Advance(Budget);
        Assert.False((await answering).InTime);
        Assert.False((await stuck).InTime);

        failing.SetException(new InvalidOperationException("Graph said no"));
        await WaitUntilAsync(() => budget.Running == 1);
        var failed = Assert.Single(log.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Equal(("fails failed after the person had been answered", "Graph said no"), (failed.Message, failed.Exception?.Message));
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await budget.StopAsync(deadline.Token);

        Assert.True(workToken.IsCancellationRequested);
        await WaitUntilAsync(() => budget.Running == 0);
    }

    [Theory]
    [InlineData("00:00:00.050")]
    [InlineData("00:00:04.500")]
    public void An_answer_budget_teams_would_not_wait_for_stops_start_up_naming_the_key(string value)
    {
        using var refused = GraphServices(value);
        using var accepted = GraphServices("00:00:03.500");

        var error = Assert.Throws<OptionsValidationException>(() => refused.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Graph:AnswerWithin must be between 0.1 and 4 seconds", error.Message, StringComparison.Ordinal);
        accepted.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(TimeSpan.FromSeconds(3.5), accepted.GetRequiredService<IOptions<GraphOptions>>().Value.AnswerWithin);
    }

    private readonly FakeLogger<GraphAnswerBudget> log = new();

    private GraphAnswerBudget Create() =>
        new(Options.Create(new GraphOptions { AnswerWithin = Budget }), time, log);

    private static Task Record(List<string> late, string result)
    {
        late.Add(result);
        return Task.CompletedTask;
    }

    private static ServiceProvider GraphServices(string answerWithin)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Graph:AnswerWithin"] = answerWithin }).Build();
        return new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddGraph(configuration).BuildServiceProvider();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not hold within 10 seconds");
            await Task.Delay(10);
        }
    }
}
