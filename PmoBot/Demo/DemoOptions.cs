namespace PmoBot.Demo;

public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Seeds the demo organisation at start-up (local runs only; idempotent).</summary>
    public bool Seed { get; set; }
}
