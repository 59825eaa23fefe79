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

    /// <summary>The spans so far, copied under the lock the exporter's inserts take.</summary>
    public List<Activity> Snapshot()
    {
        lock (Items)
        {
            return [.. Items];
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
