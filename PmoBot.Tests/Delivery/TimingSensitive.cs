namespace PmoBot.Tests.Delivery;

/// <summary>
/// Tests that measure rates and recovery times over real time (sends per second, a survivor's takeover within
/// seconds): they run alone, after the parallel ones, so two cores shared with a thousand other tests do not measure
/// the machine instead of the outbox. Also those that drain hundreds of deliveries as fast as storage allows: beside
/// the others they kept the run's one Azurite queue busy for seconds at a time, and another test's card press, which
/// gives storage 3.5 s, was answered with the storage apology.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive delivery";
}
