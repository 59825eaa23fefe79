using System.ComponentModel.DataAnnotations;

namespace PmoBot.Development.Certifications;

public sealed class CertificationsOptions
{
    public const string SectionName = "Development:Certifications";

    /// <summary>Days before expiry a holder is reminded (each once, the nearest due one only).</summary>
    public IReadOnlyList<int> ReminderDays { get; set; } = [90, 30, 7];

    /// <summary>How long before the cycle's end a PM behind on PDUs is told, with events that fill the gap.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "730.00:00:00")]
    public TimeSpan PaceWarningBefore { get; set; } = TimeSpan.FromDays(183);

    /// <summary>The local hour (holder's time zone) the notices go out.</summary>
    [Range(0, 23)]
    public int NoticeHour { get; set; } = 9;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    public bool SweepEnabled { get; set; } = true;
}
