using System.Diagnostics;

namespace PmoBot.Tests.Telemetry;

/// <summary>
/// What the in-memory exporter caught, safe to read while other tests' spans are still arriving; each test finds its
/// own by the trace it started.
/// </summary>
public sealed class CapturedSpans : System.Collections.ObjectModel.Collection<Activity>
{
    public List<Activity> Where(ActivityTraceId trace)
    {
        lock (Items)
        {
            return Items.Where(s => s.TraceId == trace).ToList();
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (Items)
        {
            base.InsertItem(index, item);
        }
    }
}
