using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Telemetry;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.Meetings;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Telemetry;

/// <summary>
/// The spans and metrics of real turns over HTTP, caught by an in-memory exporter listening as Application Insights'
/// exporter would: each request carries its own <c>traceparent</c>, so its spans are found among every other test's.
/// </summary>
public sealed class TelemetryOverHttpTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly CapturedSpans spans = [];
    private readonly TracerProvider tracing;

    public TelemetryOverHttpTests() =>
        tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(PmoTelemetry.Name)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(spans)
            .Build()!;

    public void Dispose() => tracing.Dispose();

    [Fact]
    public async Task A_review_turn_is_one_span_under_the_request_named_after_its_command_with_its_storage_calls_under_it()
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var code = ProjectsHarness.NewCode();
        await run.Get<ProjectRegister>().CreateAsync(ProjectsHarness.Valid(code, meganUser), "telemetry test", None);
        using var turns = new MetricCollector<double>(run.Get<System.Diagnostics.Metrics.IMeterFactory>(), PmoTelemetry.Name, "pmobot.turn.duration");

        var trace = await PostInTraceAsync(run, TeamsActivities.PersonalMessage(megan, "review", run.Connector.ServiceUrl));

        var turn = await SpanAsync(trace, s => s.Source.Name == PmoTelemetry.Name);
        Assert.Equal("turn review", turn.DisplayName);
        Assert.Equal(("message", "review", "projectmanager"), ((string?)turn.GetTagItem(TurnTelemetry.ActivityTypeTag), (string?)turn.GetTagItem(TurnTelemetry.CommandTag), (string?)turn.GetTagItem(TurnTelemetry.RoleTag)));
        // The connector stand-in is a server in this process too: the request is the one to /api/messages.
        // The request's span ends after the turn's, once the answer is written.
        var request = await SpanAsync(trace, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("url.path") == "/api/messages");
        Assert.Single(Of(trace), s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("url.path") == "/api/messages");
        Assert.Equal(request.SpanId, turn.ParentSpanId);
        // The answer sent back to Teams is a call under the turn as well, to the connector.
        Assert.Contains(Of(trace), s => s.Kind == ActivityKind.Server && s.ParentSpanId != default && (string?)s.GetTagItem("url.path") != "/api/messages");
        // The turn read and wrote storage (the review session, the conversation): those calls are its children.
        Assert.Contains(Of(trace), s => s.Kind == ActivityKind.Client && s.ParentSpanId == turn.SpanId && (int?)s.GetTagItem("server.port") is > 0);
        // What they typed is not on the span.
        Assert.DoesNotContain(turn.TagObjects, t => t.Value is string value && value.Contains(code, StringComparison.Ordinal));

        var measured = Assert.Single(turns.GetMeasurementSnapshot(), m => (string?)m.Tags["command"] == "review");
        Assert.Equal("message", measured.Tags["activity.type"]);
        Assert.True(measured.Value > 0);
    }

    [Fact]
    public async Task A_graph_call_under_a_turn_is_a_client_span_and_graphs_429_is_counted_by_status_before_the_retry_succeeds()
    {
        const string GraphToken = "telemetry-graph-token";
        await using var calendar = await CalendarGraphStandIn.StartAsync();
        await using var run = await EventsHttpRun.StartAsync(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = calendar.BaseUrl,
            ["Graph:AccessToken"] = GraphToken,
        });
        var (alex, alexUser) = await run.PersonAsync("Alex", Role.Pmo);
        var (_, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var code = ProjectsHarness.NewCode();
        await run.Get<ProjectRegister>().CreateAsync(ProjectsHarness.Valid(code, meganUser), "telemetry test", None);
        foreach (var (userKey, mail) in new[] { (alexUser.UserKey, $"alex.{alexUser.UserKey[..8]}@contoso.example"), (meganUser.UserKey, $"megan.{meganUser.UserKey[..8]}@contoso.example") })
        {
            calendar.SetUser(userKey, mail);
            calendar.SetMailbox(mail, MeetingsHarness.Mailbox("GMT Standard Time"));
        }

        calendar.Script(CalendarGraphStandIn.GetSchedule, new CalendarGraphStandIn.Fault(429, RetryAfter: "1"));
        using var failures = new MetricCollector<long>(run.Get<System.Diagnostics.Metrics.IMeterFactory>(), PmoTelemetry.Name, "pmobot.graph.failures");

        var trace = await PostInTraceAsync(run, TeamsActivities.PersonalMessage(alex, $"meeting {code}", run.Connector.ServiceUrl));

        var turn = await SpanAsync(trace, s => s.Source.Name == PmoTelemetry.Name);
        Assert.Equal("turn meeting", turn.DisplayName);
        var graphUri = new Uri(calendar.BaseUrl);
        var graphCalls = Of(trace).Where(s => s.Kind == ActivityKind.Client && (int?)s.GetTagItem("server.port") == graphUri.Port).ToList();
        Assert.All(graphCalls, s => Assert.Equal(turn.TraceId, s.TraceId));
        Assert.Contains(graphCalls, s => (int?)s.GetTagItem("http.response.status_code") == 429);
        Assert.Contains(graphCalls, s => ((string?)s.GetTagItem("url.full"))?.Contains("getSchedule", StringComparison.Ordinal) == true && (int?)s.GetTagItem("http.response.status_code") == 200);
        Assert.Single(calendar.RequestsTo(CalendarGraphStandIn.Events));
        var counted = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal((1L, 429), (counted.Value, (int?)counted.Tags["status"]));
    }

    private List<Activity> Of(ActivityTraceId trace) => spans.Where(trace);

    /// <summary>
    /// Posts the activity inside a trace of the test's own, as Teams' request would arrive with its <c>traceparent</c>:
    /// the test's HTTP client propagates it, so this request's spans are found among every other test's.
    /// </summary>
    private static async Task<ActivityTraceId> PostInTraceAsync(EventsHttpRun run, Microsoft.Bot.Schema.Activity activity)
    {
        var trace = ActivityTraceId.CreateRandom();
        using (var root = new Activity("telemetry test"))
        {
            root.SetParentId(trace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
            root.Start();
            using var response = await run.PostAsync(activity);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return trace;
    }

    /// <summary>Spans are exported when they end; the turn's ends a moment after the answer is written.</summary>
    private async Task<Activity> SpanAsync(ActivityTraceId trace, Func<Activity, bool> matches)
    {
        // By the clock, not by tries: on a busy CI machine a span can end well after 5 s of tries.
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            tracing.ForceFlush();
            if (Of(trace).FirstOrDefault(matches) is { } span)
            {
                return span;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No matching span in trace {trace}: {string.Join(", ", Of(trace).Select(s => s.DisplayName))}");
    }

    /// <summary>The exporter adds spans from whichever thread ends them.</summary>
}
