using Microsoft.Extensions.Options;
using PmoBot.Hosting;

namespace PmoBot.Digest;

/// <summary>
/// Looks every <see cref="DigestOptions.CheckInterval"/> whether this week's digest is due and not yet built, and sends
/// it. Looking rather than sleeping until the hour means an instance that was down at the hour sends it when it is back
/// (within <see cref="WeeklyDigest.CatchUp"/>). A digest built at start-up must see the demo's history, written at
/// start-up too, so the first look waits for seeding.
/// </summary>
public sealed class DigestScheduler(WeeklyDigest digest, IOptions<DigestOptions> options) : ISweep
{
    public TimeSpan Interval => options.Value.CheckInterval;

    public bool Enabled => options.Value.ScheduleEnabled;

    public SweepStart Start => SweepStart.AfterSeeding;

    /// <returns>1 when this look built and sent the week's digest, 0 when it was not due or was built already.</returns>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken) =>
        await digest.RunIfDueAsync(cancellationToken) is null ? 0 : 1;
}
