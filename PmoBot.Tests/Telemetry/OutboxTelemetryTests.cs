using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using PmoBot.Delivery;
using PmoBot.Telemetry;
using PmoBot.Tests.Delivery;

namespace PmoBot.Tests.Telemetry;

/// <summary>
/// One proactive message's story in one trace: asked for inside a turn's trace, throttled by Teams once, sent on the
/// retry. Both attempts are spans under the enqueue, however long the message waited in the queue between them.
/// </summary>
public sealed class OutboxTelemetryTests : OutboxTest
{
    private readonly CapturedSpans spans = [];
    private TracerProvider? tracing;

    public override async Task InitializeAsync()
    {
        tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(PmoTelemetry.Name)
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(spans)
            .Build()!;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        tracing?.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_send_throttled_then_sent_is_two_attempt_spans_under_the_enqueue_in_the_askers_trace()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        Connector.Script(chat.ConversationId, ScriptedAnswer.Throttled("1"));
        var trace = ActivityTraceId.CreateRandom();
        DeliveryRecord delivery;
        using (var turn = new Activity("turn review"))
        {
            turn.SetParentId(trace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
            turn.Start();
            delivery = await Harness.EnqueueAsync(chat);
        }

        // The sender works outside any trace of its own, as the background worker does.
        Assert.Null(Activity.Current);
        await Harness.DrainAsync(Processor, delivery.IdempotencyKey);
        tracing!.ForceFlush();

        var inTrace = spans.Where(trace);
        var enqueue = Assert.Single(inTrace, s => s.DisplayName == "outbox enqueue");
        Assert.Equal(ActivityKind.Producer, enqueue.Kind);
        Assert.Equal(Outbox.KindOf(delivery.IdempotencyKey), enqueue.GetTagItem(PmoTelemetry.OutboxKindTag));
        var attempts = inTrace.Where(s => s.DisplayName == "outbox send").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(["retried", "sent"], attempts.Select(s => (string?)s.GetTagItem("pmobot.outbox.outcome")));
        Assert.All(attempts, s => Assert.Equal((ActivityKind.Consumer, enqueue.SpanId), (s.Kind, s.ParentSpanId)));
        Assert.Equal([1L, 2L], attempts.Select(s => Convert.ToInt64(s.GetTagItem("pmobot.outbox.dequeue_count"), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(attempts, s => Assert.IsType<double>(s.GetTagItem("pmobot.outbox.queued_ms")));

        // Each attempt's call to Teams is a client span under it (beside its storage calls): the 429 under the first, the 201 under the second.
        var teams = new Uri(Connector.ServiceUrl).Port;
        var calls = attempts.Select(a => Assert.Single(inTrace, s => s.Kind == ActivityKind.Client && s.ParentSpanId == a.SpanId && Convert.ToInt32(s.GetTagItem("server.port"), System.Globalization.CultureInfo.InvariantCulture) == teams)).ToList();
        Assert.All(attempts, a => Assert.Contains(inTrace, s => s.Kind == ActivityKind.Client && s.ParentSpanId == a.SpanId && Convert.ToInt32(s.GetTagItem("server.port"), System.Globalization.CultureInfo.InvariantCulture) != teams));
        Assert.Equal([429, 201], calls.Select(c => Convert.ToInt32(c.GetTagItem("http.response.status_code"), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_message_queued_before_traces_were_carried_is_still_sent_in_a_trace_of_its_own()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        var delivery = await Harness.EnqueueAsync(chat);
        await Harness.Queues.DeleteAsync(Assert.Single(await Harness.ReceiveAsync()), None);
        await Harness.Queues.EnqueueAsync(delivery.IdempotencyKey, traceParent: null, None);

        Assert.Equal([DeliveryOutcome.Sent], await Harness.DrainAsync(Processor, delivery.IdempotencyKey));
        tracing!.ForceFlush();

        // A snapshot under the exporter's own lock: a span still being exported must not change the list being read.
        Assert.Contains(spans.Snapshot(), s => s.DisplayName == "outbox send" && s.ParentSpanId == default && (string?)s.GetTagItem("pmobot.outbox.outcome") == "sent");
    }
}
