using System.Globalization;
using PmoBot.Lessons;

namespace PmoBot.Warnings;

public enum WarningStatus
{
    Open,
    Closed,
}

/// <summary>Who did something to a warning, and when.</summary>
public sealed record WarningStamp(string ByKey, string ByName, DateTimeOffset At);

/// <summary>The PMO member who owns following a warning up.</summary>
public sealed record WarningOwner(string UserKey, string Name, WarningStamp AssignedBy);

/// <summary>
/// What came of "Schedule review meeting": booked (time and join link) or why not, in words a card can show, or
/// <see cref="Pending"/> while Graph has not answered yet.
/// <paramref name="TimeZone"/>: the organiser's zone, in which the card names the time.
/// </summary>
public sealed record WarningMeeting(bool Booked, DateTimeOffset? Start, DateTimeOffset? End, string? JoinUrl, string Explanation, WarningStamp RequestedBy, string? TimeZone = null)
{
    /// <summary>
    /// Asked for, and Graph still answering when the press had to be answered; the booking goes on and the card is
    /// updated when it ends. A press after <see cref="PendingFor"/> books again (the same meeting, by its transaction id).
    /// </summary>
    public bool Pending { get; init; }

    /// <summary>How long a pending booking holds off another press: Graph's retries end well within it.</summary>
    public static readonly TimeSpan PendingFor = TimeSpan.FromMinutes(2);

    public static WarningMeeting Booking(WarningStamp requestedBy, string? timeZone) =>
        new(false, null, null, null, "Microsoft Graph is slow to answer; this card shows the meeting when it is booked (if it has not within 2 minutes, press **Schedule review meeting** again).", requestedBy, timeZone) { Pending = true };

    public bool IsPendingAt(DateTimeOffset now) => Pending && now - RequestedBy.At < PendingFor;

    /// <summary>A booking that stayed pending past <see cref="PendingFor"/>: PmoBot stopped while Graph was answering.</summary>
    public WarningMeeting NotFinished() => this with
    {
        Pending = false,
        Explanation = "the booking did not finish. Press **Schedule review meeting** again; the same meeting is never booked twice.",
    };
}

/// <summary>One line of the card's log: who did what when.</summary>
public sealed record WarningActivity(DateTimeOffset At, string By, string What);

/// <summary>
/// An early warning's episode: raised once when a rule starts firing for a project, updated while it keeps firing
/// (the latest <see cref="Headline"/> and <see cref="Trend"/>), closed when it stops. <see cref="Version"/> grows with
/// every change the card shows, so each update of the posted card has its own delivery key.
/// </summary>
public sealed record WarningEpisode(
    string Id,
    string ProjectCode,
    string ProjectName,
    string ManagerKey,
    string ManagerName,
    string RuleId,
    WarningSeverity Severity,
    string Headline,
    string Trend,
    DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public WarningStatus Status => ClosedAt is null ? WarningStatus.Open : WarningStatus.Closed;

    public DateTimeOffset? ClosedAt { get; init; }

    public string? CloseReason { get; init; }

    /// <summary>
    /// False until a card of the project (<see cref="WarningPost"/>) has announced the warning at its severity: set
    /// false again when the severity rises, so it is announced again. Whoever finds it false posts the card.
    /// </summary>
    public bool Posted { get; init; }

    public IReadOnlyList<LessonSuggestion> Lessons { get; init; } = [];

    public WarningStamp? Acknowledged { get; init; }

    public WarningOwner? Owner { get; init; }

    public WarningMeeting? Meeting { get; init; }

    public DateTimeOffset? SnoozedUntil { get; init; }

    public IReadOnlyList<WarningActivity> Activity { get; init; } = [];

    /// <summary>
    /// The newest review record (<see cref="Reviews.History.ReviewRecord.RecordedAt"/>) the evaluation that last raised,
    /// changed or closed it had read: an evaluation that read an older history (a sweep racing a review being
    /// submitted, another instance) does not undo what a newer one did.
    /// </summary>
    public DateTimeOffset? EvidenceAt { get; init; }

    /// <summary>Whether an evaluation that read the history up to <paramref name="asOf"/> is older than the one that last changed this.</summary>
    public bool IsNewerThan(DateTimeOffset? asOf) => EvidenceAt is { } seen && asOf is { } evaluated && seen > evaluated;

    public bool IsSnoozed(DateTimeOffset now) => SnoozedUntil is { } until && until > now;

    /// <summary>The id of a new episode: project, rule and the moment it was raised, so an episode raised again later is a new one.</summary>
    public static string NewId(string projectCode, string ruleId, DateTimeOffset raisedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{projectCode}|{ruleId}|{raisedAt.UtcTicks:D19}");

    public static bool TryParseId(string? id, out string projectCode, out string ruleId, out long raisedTicks)
    {
        var parts = (id ?? string.Empty).Split('|');
        projectCode = parts.Length == 3 ? parts[0] : string.Empty;
        ruleId = parts.Length == 3 ? parts[1] : string.Empty;
        raisedTicks = 0;
        return parts.Length == 3 && projectCode.Length > 0 && ruleId.Length > 0
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out raisedTicks);
    }

    /// <summary>The change stamped into the log (the newest <see cref="MaxActivity"/> kept) with a new version.</summary>
    public WarningEpisode Log(WarningStamp stamp, string what) => this with
    {
        Activity = [.. Activity.TakeLast(MaxActivity - 1), new WarningActivity(stamp.At, stamp.ByName, what)],
        UpdatedAt = stamp.At,
        Version = Version + 1,
    };

    public const int MaxActivity = 20;
}
