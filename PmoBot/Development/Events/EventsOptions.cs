using System.ComponentModel.DataAnnotations;

namespace PmoBot.Development.Events;

public sealed class EventsOptions
{
    public const string SectionName = "Development:Events";

    /// <summary>
    /// The least time between two in-place updates of one channel card. Teams allows 60 messages per 30 s in a
    /// conversation; a card updated at most every 5 s uses 6 of them, however many people press.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:10:00")]
    public TimeSpan CardUpdateInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often this instance looks at the cards it saw change.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan CardUpdateTick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often every posted card is compared with its counts, for changes another instance (or a crash) left.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CardSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The local hour (in each registrant's time zone) reminders go out: a week before and a day before.</summary>
    [Range(0, 23)]
    public int ReminderHour { get; set; } = 9;

    /// <summary>How often reminders and missed promotion notices are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReminderSweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often online events' Teams meetings are brought in step with their registrations (invitations, declines).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MeetingSyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Run the card updates and reminders in this instance (off in tests that drive them by hand).</summary>
    public bool BackgroundEnabled { get; set; } = true;
}
