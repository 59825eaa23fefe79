using System.Globalization;
using PmoBot.Blockers;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Warnings;

namespace PmoBot.Digest;

/// <summary>A project whose latest review, submitted since the last digest, made it red or amber (worse than the review before, or its first).</summary>
public sealed record RagChange(string ProjectCode, string ProjectName, Rag Now, Rag? Before, ReviewPeriod Period, string ManagerName);

/// <summary>An open critical warning, new since the last digest or still open from before it.</summary>
public sealed record CriticalWarning(string ProjectCode, string Title, string Headline, bool IsNew, DateTimeOffset RaisedAt);

/// <summary>The PM's forecast for the same next milestone moved later between the review before and the latest one.</summary>
public sealed record MilestoneSlip(string ProjectCode, string ProjectName, string Milestone, DateOnly Was, DateOnly Now);

/// <summary>
/// A PM whose review opens in the coming week and whose calendar shows them out of office when it opens: for the whole
/// window (<paramref name="Back"/> null: deputies answer, the rest is recorded on leave) or back within it.
/// </summary>
public sealed record LeaveAhead(string ManagerKey, string ManagerName, DateTimeOffset Opens, TimeZoneInfo Zone, IReadOnlyList<string> ProjectCodes, DateTimeOffset? Back);

/// <summary>
/// Everything the week's digest may list, read once for the whole portfolio; <see cref="For"/> keeps what one
/// recipient may see. <see cref="Since"/> is when the last digest was built.
/// </summary>
public sealed record DigestFacts(
    ReviewPeriod Week,
    DateTimeOffset Since,
    DateTimeOffset BuiltAt,
    TimeZoneInfo Zone,
    int BlockerOpenDays,
    IReadOnlyDictionary<string, Project> Projects,
    IReadOnlyList<RagChange> RagChanges,
    IReadOnlyList<CriticalWarning> Warnings,
    IReadOnlyList<Blocker> OldBlockers,
    IReadOnlyList<MissedReview> Missed,
    IReadOnlyList<MilestoneSlip> Slips,
    IReadOnlyList<LeaveAhead> Leave)
{
    public const string RagTitle = "Turned red or amber";
    public const string WarningsTitle = "Critical warnings";
    public const string MissedTitle = "Missed reviews";
    public const string SlipsTitle = "Milestones that slipped";
    public const string LeaveTitle = "Reviews due in the coming week from PMs on leave";

    public static string BlockersTitle(int days) => string.Create(CultureInfo.InvariantCulture, $"Blockers open more than {days} days");

    /// <summary>The digest as <paramref name="scope"/> may see it: only lines about projects it can see.</summary>
    public DigestContent For(DigestScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        bool Sees(string code) => Projects.TryGetValue(code, out var project) && scope.Includes(project);
        var sections = new List<DigestSection>
        {
            new(RagTitle, RagChanges.Where(c => Sees(c.ProjectCode)).OrderBy(c => c.Now).ThenBy(c => c.ProjectCode, ProjectText.CodeOrder).Select(RagLine).ToList(), "portfolio"),
            new(WarningsTitle, Warnings.Where(w => Sees(w.ProjectCode)).OrderByDescending(w => w.IsNew).ThenBy(w => w.RaisedAt).Select(WarningLine).ToList(), "warnings"),
            new(BlockersTitle(BlockerOpenDays), Blocker.OldestFirst(OldBlockers.Where(b => Sees(b.ProjectCode))).Select(BlockerLine).ToList(), "blockers"),
            new(MissedTitle, Missed.Where(m => Sees(m.ProjectCode)).Select(MissedLine).ToList(), "overdue"),
            new(SlipsTitle, Slips.Where(s => Sees(s.ProjectCode)).Select(SlipLine).ToList(), "portfolio"),
            new(LeaveTitle, Leave.Select(l => l with { ProjectCodes = [.. l.ProjectCodes.Where(Sees)] }).Where(l => l.ProjectCodes.Count > 0).Select(LeaveLine).ToList(), "overdue"),
        };
        return new DigestContent(Week, Since, BuiltAt, Zone, scope.Describe(), [.. sections.Where(s => s.Lines.Count > 0)]);
    }

    private DigestLine RagLine(RagChange c) => new(
        $"{Symbol(c.Now)} **{c.ProjectCode}** {c.ProjectName}: {c.Now}{(c.Before is { } before ? $", was {before}" : " in its first review")} ({c.Period}, {c.ManagerName})",
        $"status {c.ProjectCode}");

    private static DigestLine WarningLine(CriticalWarning w) => new(
        $"{(w.IsNew ? "🆕 new" : "⏳ still open")} · **{w.ProjectCode}** {w.Title}: {w.Headline}",
        $"warnings {w.ProjectCode}");

    private DigestLine BlockerLine(Blocker b) => new(
        $"**{b.ProjectCode}** · {Blocker.Age(b.AgeDays(BuiltAt))} · {b.KindText}: {MessageText.Shorten(b.Text, 120)} · owner {b.OwnerName}",
        $"blockers {b.ProjectCode}");

    private static DigestLine MissedLine(MissedReview m) => new(
        $"**{m.ProjectCode}** {m.ProjectName}: week {m.Period} missed by {m.ManagerName}",
        $"review history {m.ProjectCode}");

    private static DigestLine SlipLine(MilestoneSlip s) => new(
        string.Create(CultureInfo.InvariantCulture, $"**{s.ProjectCode}** {s.ProjectName}: {s.Milestone} now {DateText.Display(s.Now)}, was {DateText.Display(s.Was)} ({s.Now.DayNumber - s.Was.DayNumber} days later)"),
        $"status {s.ProjectCode}");

    private static DigestLine LeaveLine(LeaveAhead l)
    {
        var opens = Local(l.Opens, l.Zone);
        var codes = string.Join(", ", l.ProjectCodes);
        var text = l.Back is { } back
            ? $"🌴 {l.ManagerName} ({codes}): away when the review opens {opens}; asked on return, {Local(back, l.Zone)}"
            : $"🌴 {l.ManagerName} ({codes}): out of office for the whole review opening {opens}; a deputy answers where there is one, the rest is recorded on leave";
        return new DigestLine(text, $"review history {l.ProjectCodes[0]}");
    }

    /// <summary>"Mon 7 Dec 09:00 (Asia/Kolkata)": a time always shows its zone.</summary>
    public static string Local(DateTimeOffset at, TimeZoneInfo zone) => UserTimeZones.Local(at, zone, "ddd d MMM HH:mm");

    private static string Symbol(Rag rag) => rag == Rag.Red ? "🔴" : "🟠";
}

/// <summary>One line of the digest and the command that opens its card.</summary>
public sealed record DigestLine(string Text, string Command);

/// <summary>A heading and its lines; <paramref name="ListCommand"/> lists them all when there are more than the card shows.</summary>
public sealed record DigestSection(string Title, IReadOnlyList<DigestLine> Lines, string ListCommand);

/// <summary>One recipient's digest: the week, the window it covers, whose view, and the sections with lines (none: a quiet week).</summary>
public sealed record DigestContent(ReviewPeriod Week, DateTimeOffset Since, DateTimeOffset BuiltAt, TimeZoneInfo Zone, string Scope, IReadOnlyList<DigestSection> Sections)
{
    public bool IsQuiet => Sections.Count == 0;

    public int LineCount => Sections.Sum(s => s.Lines.Count);
}
