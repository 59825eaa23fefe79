namespace PmoBot.Tests.Delivery;

/// <summary>
/// Tests that measure rates and recovery times over real time (sends per second, a survivor's takeover within
/// seconds): they run alone, after the parallel ones, so two cores shared with a thousand other tests do not measure
/// the machine instead of the outbox.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive delivery";
}
