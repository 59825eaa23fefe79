using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Lessons;
using PmoBot.Meetings;
using PmoBot.People;

namespace PmoBot.Warnings;

/// <summary>A project's warnings as its card shows them: the open ones most severe first, and those closed since it was posted.</summary>
public sealed record ProjectWarnings(string ProjectCode, string ProjectName, string ManagerName, IReadOnlyList<WarningEpisode> Open, IReadOnlyList<WarningEpisode> Closed)
{
    public static ProjectWarnings Of(string code, string name, string manager, IEnumerable<WarningEpisode> open, IEnumerable<WarningEpisode> closed) =>
        new(code, name, manager, MostSevereFirst(open), closed.OrderBy(e => e.ClosedAt).ToList());

    public static IReadOnlyList<WarningEpisode> MostSevereFirst(IEnumerable<WarningEpisode> episodes) =>
        episodes.OrderByDescending(e => e.Severity).ThenBy(e => e.RaisedAt).ThenBy(e => e.RuleId, StringComparer.Ordinal).ToList();

    public WarningSeverity? Top => Open.Count == 0 ? null : Open.Max(e => e.Severity);
}

/// <summary>An older card of the project, replaced by a new one: why (a warning got more severe, or a new one), where the new one went, and when.</summary>
public sealed record CardReplaced(bool Escalated, string Where, DateTimeOffset At, bool Moved = false);

/// <summary>
/// The warning cards: one card per project for the PMO (its open warnings most severe first, each with its number and
/// one line, the lessons collapsed, actions for all of them or for one from its row), the PM's note, and the
/// <c>warnings</c> list. Times are Adaptive Card DATE/TIME functions, which Teams renders in each reader's own zone,
/// and only inside TextBlocks, the one place Teams documents them (a FactSet shows them raw).
/// </summary>
public static class WarningCards
{
    public const string AcknowledgeVerb = "warning.acknowledge";
    public const string AssignVerb = "warning.assign";
    public const string MeetingVerb = "warning.meeting";
    public const string SnoozeVerb = "warning.snooze";
    public const string CloseVerb = "warning.close";

    /// <summary>Data of a button that acts on one warning (its row, or an older single-warning card).</summary>
    public const string WarningField = "warning";

    /// <summary>Data of a button that acts on all the project's open warnings.</summary>
    public const string ProjectField = "project";

    public const string OwnerField = "owner";

    /// <summary>Which warnings <b>Assign</b> gives the owner: <see cref="AllWarnings"/> or one warning's id.</summary>
    public const string ScopeField = "for";
    public const string AllWarnings = "all";

    public const string LessonsTitle = "Lessons from past projects";

    public const int PerPage = 10;

    /// <summary>An Input.ChoiceSet with thousands of names helps nobody; the PMO is a team, not the company.</summary>
    public const int MaxOwnerChoices = 100;

    /// <summary>Lessons on one card, across its warnings (each warning keeps up to three).</summary>
    public const int LessonsOnCard = 4;

    private const int ShownActivity = 5;

    /// <summary>A lesson's text on a card is cut here: the card must stay within Teams' size limit with six warnings on it.</summary>
    private const int LessonTextOnCard = 300;

    private const string LessonsId = "lessons";

    /// <summary>What is shown of a warning's rule: its title and its one-line explanation.</summary>
    public sealed record RuleText(string Title, string Explanation);

    /// <param name="ruleOf">The title and explanation of each warning's rule (a manual warning's come from the warning).</param>
    /// <param name="note">A line for whoever pressed a button: what happened, or why nothing did.</param>
    /// <param name="replaced">Set on a card a newer one replaced: it says so and offers no actions.</param>
    public static JsonObject Project(ProjectWarnings warnings, Func<WarningEpisode, RuleText> ruleOf, IReadOnlyList<RoleHolder> pmo, DateTimeOffset now, string? note = null, CardReplaced? replaced = null)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentNullException.ThrowIfNull(ruleOf);
        var live = replaced is null && warnings.Open.Count > 0;
        var body = new List<JsonNode?>
        {
            Banner(warnings, replaced),
            replaced is null ? null : AdaptiveCard.Text(ReplacedText(warnings, replaced), color: "Warning"),
            note is null ? null : AdaptiveCard.Text(note, color: "Attention"),
            AdaptiveCard.Text($"Project manager: {warnings.ManagerName}", subtle: true),
        };
        body.AddRange(warnings.Open.Select((e, i) => Row(i + 1, e, ruleOf(e), now, live && warnings.Open.Count > 1)));
        if (warnings.Open.Count == 0)
        {
            body.Add(AdaptiveCard.Text("No warning on this project is open now.", subtle: true));
        }

        body.AddRange(ClosedRows(warnings.Closed, ruleOf));
        body.AddRange(Meetings(warnings.Open, now));
        body.AddRange(LessonsToggle(warnings.Open));
        body.AddRange(Log([.. warnings.Open, .. warnings.Closed], ruleOf));
        if (warnings.Open.Count + warnings.Closed.Count > 0 || replaced is not null)
        {
            body.Add(AdaptiveCard.Text(DateText.ReadersZoneNote, subtle: true));
        }

        return AdaptiveCard.Create(body, live ? Actions(warnings, ruleOf, pmo, now) : []);
    }

    /// <summary>The PM's (and deputy's) one note per card: the warnings on their project, one line each.</summary>
    public static JsonObject ManagerNote(ProjectWarnings warnings, Func<WarningEpisode, RuleText> ruleOf)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentNullException.ThrowIfNull(ruleOf);
        var body = new List<JsonNode?>
        {
            Banner(warnings, null),
            AdaptiveCard.Text($"Early warnings on your project {warnings.ProjectCode} {warnings.ProjectName}, most severe first:"),
        };
        body.AddRange(warnings.Open.Select((e, i) => AdaptiveCard.Text(Line(i + 1, e, ruleOf(e)))));
        body.Add(AdaptiveCard.Text(
            "The PMO has been alerted and may get in touch or book a short review meeting. Say in your next review what is being done about them; "
                + "a rule's warning closes by itself when its signal stops, one raised by hand when the PMO closes it.",
            subtle: true));
        return AdaptiveCard.Create(body);
    }

    public static string ManagerNoteText(ProjectWarnings warnings, Func<WarningEpisode, RuleText> ruleOf) =>
        $"Early warnings on your project {warnings.ProjectCode} {warnings.ProjectName}: {Titles(warnings, ruleOf)}.";

    /// <summary>The message's text beside the card: what a notification shows.</summary>
    public static string AlertText(ProjectWarnings warnings, Func<WarningEpisode, RuleText> ruleOf)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var top = warnings.Top is { } severity ? WarningText.Describe(severity) : "No open";
        return $"{top}: {Count(warnings.Open.Count)} on {warnings.ProjectCode} {warnings.ProjectName}: {Titles(warnings, ruleOf)}.";
    }

    /// <summary>What a warning's rule is called: a manual warning's comes from the episode (who raised it), not from the rules.</summary>
    public static RuleText Effective(WarningEpisode episode, RuleText rule)
    {
        ArgumentNullException.ThrowIfNull(episode);
        ArgumentNullException.ThrowIfNull(rule);
        return ManualWarning.IsManual(episode.RuleId) ? ManualWarning.Text(episode) : rule;
    }

    /// <param name="command">The command that lists these warnings (<c>warnings</c>, <c>warnings PRJ-042</c>); "More" types it with the next page.</param>
    public static JsonObject List(string heading, IReadOnlyList<WarningEpisode> episodes, Func<string, string> titleOf, int page, string command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        var pages = Math.Max(1, (episodes.Count + PerPage - 1) / PerPage);
        var shown = episodes.Skip((page - 1) * PerPage).Take(PerPage).ToList();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(heading),
            AdaptiveCard.Text($"{episodes.Count} open, most severe first{(pages > 1 ? $"; page {page} of {pages}" : string.Empty)}.", subtle: true),
        };
        body.AddRange(shown.Select(e => ListRow(e, ManualWarning.IsManual(e.RuleId) ? ManualWarning.Text(e).Title : titleOf(e.RuleId), now)));
        if (shown.Count > 0)
        {
            body.Add(AdaptiveCard.Text(DateText.ReadersZoneNote, subtle: true));
        }

        var actions = page < pages ? new List<JsonNode?> { AdaptiveCard.SendMessage("More", $"{command} page {page + 1}") } : [];
        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>The order of the <c>warnings</c> list: most severe first, newest first, snoozed ones last (the PMO chose to look at them later).</summary>
    public static IReadOnlyList<WarningEpisode> ForList(IEnumerable<WarningEpisode> open, DateTimeOffset now) =>
        open.OrderBy(e => e.IsSnoozed(now)).ThenByDescending(e => e.Severity).ThenByDescending(e => e.RaisedAt).ToList();

    /// <summary>"1. 🔴 Cost performance low (Critical): CPI 0.69 is below 0.80."</summary>
    private static string Line(int number, WarningEpisode e, RuleText rule) =>
        $"**{number}. {WarningText.Symbol(e.Severity)} {rule.Title}** ({WarningText.Describe(e.Severity)}): {e.Headline}{ManualWarning.FullStop(e.Headline)}";

    private static string Titles(ProjectWarnings warnings, Func<WarningEpisode, RuleText> ruleOf) =>
        warnings.Open.Count == 0 ? "none open" : string.Join("; ", warnings.Open.Select(e => $"{ruleOf(e).Title} ({WarningText.Describe(e.Severity).ToLowerInvariant()})"));

    private static string Count(int n) => n == 1 ? "one early warning" : $"{WarningText.Count(n)} early warnings";

    private static JsonObject Row(int number, WarningEpisode e, RuleText rule, DateTimeOffset now, bool withActions)
    {
        var items = new List<JsonNode?>
        {
            AdaptiveCard.Text(Line(number, e, rule)),
            ManualWarning.IsManual(e.RuleId) || string.IsNullOrWhiteSpace(e.Trend) ? null : AdaptiveCard.Text(e.Trend, subtle: true),
            AdaptiveCard.Text(Status(e, now), subtle: true),
        };
        var actions = withActions ? RowActions(e, now).ToList() : [];
        if (actions.Count > 0)
        {
            var only = AdaptiveCard.Create([AdaptiveCard.Text($"For warning {number} only: {rule.Title}.", subtle: true)], actions);
            items.Add(AdaptiveCard.ActionSet([AdaptiveCard.ShowCard($"Act on {number} only", only)]));
        }

        return AdaptiveCard.Container(items, separator: true);
    }

    /// <summary>"Raised 23/11/2026 10:00 · acknowledged by Patti Fernandez, 23/11/2026 11:02 · owner Alex Wilber".</summary>
    private static string Status(WarningEpisode e, DateTimeOffset now)
    {
        var parts = new List<string> { $"Raised {WarningText.CardTime(e.RaisedAt)}" };
        parts.Add(e.Acknowledged is { } ack ? $"acknowledged by {ack.ByName}, {WarningText.CardTime(ack.At)}" : "not acknowledged yet");
        if (e.Owner is { } owner)
        {
            parts.Add($"owner {owner.Name} (assigned by {owner.AssignedBy.ByName}, {WarningText.CardTime(owner.AssignedBy.At)})");
        }

        if (e.IsSnoozed(now))
        {
            parts.Add($"snoozed until {WarningText.CardTime(e.SnoozedUntil!.Value)}");
        }

        return string.Join(" · ", parts);
    }

    private static IEnumerable<JsonNode?> RowActions(WarningEpisode e, DateTimeOffset now)
    {
        var data = new JsonObject { [WarningField] = e.Id };
        if (e.Acknowledged is null)
        {
            yield return AdaptiveCard.Execute("Acknowledge", AcknowledgeVerb, data, style: "positive");
        }

        if (e.Meeting is not { Booked: true })
        {
            yield return AdaptiveCard.Execute("Schedule review meeting", MeetingVerb, data);
        }

        if (!e.IsSnoozed(now))
        {
            yield return AdaptiveCard.Execute("Snooze 1 week", SnoozeVerb, data);
        }

        if (ManualWarning.IsManual(e.RuleId))
        {
            yield return AdaptiveCard.Execute("Close", CloseVerb, data, style: "destructive");
        }
    }

    private static IEnumerable<JsonNode?> Actions(ProjectWarnings warnings, Func<WarningEpisode, RuleText> ruleOf, IReadOnlyList<RoleHolder> pmo, DateTimeOffset now)
    {
        var data = new JsonObject { [ProjectField] = warnings.ProjectCode };
        var single = warnings.Open.Count == 1 ? warnings.Open[0] : null;
        if (warnings.Open.Any(e => e.Acknowledged is null))
        {
            yield return AdaptiveCard.Execute(single is null ? "Acknowledge all" : "Acknowledge", AcknowledgeVerb, data, style: "positive");
        }

        yield return AdaptiveCard.ShowCard("Assign owner", AssignCard(warnings, ruleOf, pmo, data));

        if (warnings.Open.Any(e => e.Meeting is not { Booked: true }))
        {
            yield return AdaptiveCard.Execute("Schedule review meeting", MeetingVerb, data);
        }

        if (warnings.Open.Any(e => !e.IsSnoozed(now)))
        {
            yield return AdaptiveCard.Execute(single is null ? "Snooze all 1 week" : "Snooze 1 week", SnoozeVerb, data);
        }

        // A rule's warning closes when its signal stops; one raised by hand is closed by hand (from its row when there are several).
        if (single is not null && ManualWarning.IsManual(single.RuleId))
        {
            yield return AdaptiveCard.Execute("Close", CloseVerb, new JsonObject { [WarningField] = single.Id }, style: "destructive");
        }
    }

    /// <summary>The owner to choose, and (with several warnings) which of them: all, or one by its number.</summary>
    private static JsonObject AssignCard(ProjectWarnings warnings, Func<WarningEpisode, RuleText> ruleOf, IReadOnlyList<RoleHolder> pmo, JsonObject data)
    {
        // The button is always there, so the PMO learns why nobody can be chosen rather than missing the action.
        var people = pmo.DistinctBy(p => p.UserKey).Take(MaxOwnerChoices).Select(p => (p.Name, p.UserKey)).ToList();
        var current = warnings.Open.Select(e => e.Owner?.UserKey).Distinct().ToList();
        var scope = warnings.Open.Count > 1
            ? AdaptiveCard.ChoiceInput(
                ScopeField,
                "For which warnings?",
                warnings.Open.Select((e, i) => ($"{i + 1}. {ruleOf(e).Title}", e.Id)).Prepend(($"All open warnings on {warnings.ProjectCode}", AllWarnings)),
                AllWarnings,
                required: true,
                errorMessage: "Choose all, or one warning.")
            : null;
        return people.Count > 0
            ? AdaptiveCard.Create(
                [
                    AdaptiveCard.ChoiceInput(OwnerField, "Who owns the follow-up?", people, current.Count == 1 ? current[0] : null, required: true, errorMessage: "Choose someone from the PMO."),
                    scope,
                ],
                [AdaptiveCard.Execute("Assign", AssignVerb, data)])
            : AdaptiveCard.Create([AdaptiveCard.Text("Nobody holds the PMO role yet: grant it with **role grant ‹person› pmo**, then assign.")]);
    }

    private static JsonObject Banner(ProjectWarnings warnings, CardReplaced? replaced)
    {
        var top = replaced is null ? warnings.Top : null;
        var line = replaced is not null ? $"Replaced by a newer card · {Count(warnings.Open.Count)} open"
            : top is { } severity ? $"{WarningText.Symbol(severity)} {WarningText.Describe(severity).ToUpperInvariant()} · {Count(warnings.Open.Count)}"
            : "No open early warnings";
        return AdaptiveCard.Container(
            [
                AdaptiveCard.Text(line, color: top switch { WarningSeverity.Critical => "Attention", WarningSeverity.Watch => "Warning", WarningSeverity.Info => "Accent", _ => null }),
                AdaptiveCard.Heading($"{warnings.ProjectCode} · {warnings.ProjectName}"),
            ],
            style: top switch { WarningSeverity.Critical => "attention", WarningSeverity.Watch => "warning", WarningSeverity.Info => "accent", _ => "emphasis" })
            .WithBleed();
    }

    private static string ReplacedText(ProjectWarnings warnings, CardReplaced replaced) =>
        (replaced.Moved
            ? $"**Moved, see the new card:** the PMO's alerts now go to {replaced.Where}"
            : replaced.Escalated
            ? $"**Escalated, see the new card:** a warning on {warnings.ProjectCode} got more severe"
            : $"**New warning, see the new card:** a warning was raised on {warnings.ProjectCode}")
        + $", so PmoBot posted its card again in {replaced.Where} ({WarningText.CardTime(replaced.At)}). Act there: this card is no longer updated.";

    private static IEnumerable<JsonNode?> ClosedRows(IReadOnlyList<WarningEpisode> closed, Func<WarningEpisode, RuleText> ruleOf)
    {
        if (closed.Count == 0)
        {
            yield break;
        }

        yield return AdaptiveCard.Subheading("Closed since this card was posted");
        foreach (var e in closed)
        {
            yield return AdaptiveCard.Text($"✅ {ruleOf(e).Title}: closed {WarningText.CardTime(e.ClosedAt!.Value)} ({e.CloseReason})", subtle: true);
        }
    }

    private static IEnumerable<JsonNode?> Meetings(IReadOnlyList<WarningEpisode> open, DateTimeOffset now)
    {
        var meetings = open.Select(e => e.Meeting).OfType<WarningMeeting>().DistinctBy(m => (m.Booked, m.Start, m.JoinUrl, m.Explanation)).ToList();
        if (meetings.Count == 0)
        {
            yield break;
        }

        yield return AdaptiveCard.Subheading("Review meeting");
        foreach (var meeting in meetings)
        {
            yield return AdaptiveCard.Text(MeetingText(meeting, now), color: meeting.Booked ? "Good" : meeting.IsPendingAt(now) ? null : "Warning");
        }
    }

    /// <summary>
    /// A booked meeting in the organiser's zone, named, and in the reader's own (the card is read from many zones). A
    /// booking still pending at <paramref name="now"/> is under way; one pending longer than
    /// <see cref="WarningMeeting.PendingFor"/> did not finish (PmoBot stopped while Graph was answering).
    /// </summary>
    public static string MeetingText(WarningMeeting meeting, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var asked = $"{meeting.RequestedBy.ByName}, {WarningText.CardTime(meeting.RequestedBy.At)}";
        return meeting switch
        {
            { Booked: true, Start: { } start, End: { } end } =>
                $"Booked by {meeting.RequestedBy.ByName} for {MeetingCards.Slot(start, end, meeting.TimeZone)}; for you {WarningText.CardTime(start)}."
                    + (meeting.JoinUrl is { Length: > 0 } url ? $" [Join the meeting]({url})" : " (no join link came back)"),
            { Pending: true } when meeting.IsPendingAt(now) => $"Booking a review meeting ({asked}): {meeting.Explanation}",
            { Pending: true } => $"No review meeting booked ({asked}): {meeting.NotFinished().Explanation}",
            _ => $"No review meeting booked ({asked}): {meeting.Explanation}",
        };
    }

    private static IEnumerable<JsonNode?> LessonsToggle(IReadOnlyList<WarningEpisode> open)
    {
        var lessons = open.SelectMany(e => e.Lessons).DistinctBy(l => l.Id).Take(LessonsOnCard).ToList();
        if (lessons.Count == 0)
        {
            yield return AdaptiveCard.Text($"{LessonsTitle}: none recorded for these signals yet.", subtle: true);
            yield break;
        }

        yield return AdaptiveCard.ActionSet([AdaptiveCard.ToggleVisibility($"{LessonsTitle} ({lessons.Count})", LessonsId)]);
        yield return AdaptiveCard.Container(lessons.Select(Lesson), id: LessonsId, visible: false);
    }

    private static JsonObject Lesson(LessonSuggestion lesson)
    {
        var from = lesson.ProjectCode is { Length: > 0 } code ? $" ({code})" : string.Empty;
        var items = new List<JsonNode?>
        {
            AdaptiveCard.Text($"**{Cut(lesson.Title)}**{from}"),
            AdaptiveCard.Text(Cut(lesson.WhatHappened), subtle: true),
            AdaptiveCard.Text($"Next time: {Cut(lesson.WhatToDo)}"),
        };
        if (lesson.ContingencyActions.Count > 0)
        {
            items.Add(AdaptiveCard.Text("Contingency: " + string.Join(Environment.NewLine, lesson.ContingencyActions.Select(a => $"- {Cut(a)}").Prepend(string.Empty))));
        }

        return AdaptiveCard.Container(items, separator: true);
    }

    private static string Cut(string text) => text.Length <= LessonTextOnCard ? text : text[..(LessonTextOnCard - 1)] + "…";

    /// <summary>
    /// The card's latest activity. One press on several warnings (acknowledge all, a meeting for all) logs on each of
    /// them: it reads as one line naming the warnings, or "all" of the card's, and older lines are counted, not dropped
    /// silently. Warnings are named by their rule's title, as on the rows above, never by the rule's id.
    /// </summary>
    private static IEnumerable<JsonNode?> Log(IReadOnlyCollection<WarningEpisode> episodes, Func<WarningEpisode, RuleText> ruleOf)
    {
        var lines = episodes
            .SelectMany(e => e.Activity.Select(a => (Entry: a, Rule: ruleOf(e).Title)))
            .GroupBy(x => (x.Entry.At, x.Entry.By, x.Entry.What))
            .OrderBy(g => g.Key.At)
            .Select(g => (g.Key, Rules: g.Select(x => x.Rule).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        if (lines.Count == 0)
        {
            yield break;
        }

        yield return AdaptiveCard.Subheading("Activity");
        if (lines.Count > ShownActivity)
        {
            yield return AdaptiveCard.Text($"{lines.Count - ShownActivity} earlier {(lines.Count - ShownActivity == 1 ? "entry" : "entries")} not shown.", subtle: true);
        }

        foreach (var (key, rules) in lines.TakeLast(ShownActivity))
        {
            var about = rules.Count > 1 && rules.Count == episodes.Count ? $"all {rules.Count} warnings" : string.Join(", ", rules);
            yield return AdaptiveCard.Text($"{WarningText.CardTime(key.At)} · {key.By}: {key.What} ({about})", subtle: true);
        }
    }

    private static JsonObject ListRow(WarningEpisode e, string title, DateTimeOffset now)
    {
        var status = new List<string> { $"raised {WarningText.CardTime(e.RaisedAt)}" };
        if (e.Acknowledged is { } ack)
        {
            status.Add($"acknowledged by {ack.ByName}");
        }

        if (e.Owner is { } owner)
        {
            status.Add($"owner {owner.Name}");
        }

        if (e.IsSnoozed(now))
        {
            status.Add($"snoozed until {WarningText.CardTime(e.SnoozedUntil!.Value)}");
        }

        return AdaptiveCard.Container(
            [
                AdaptiveCard.Text($"{WarningText.Symbol(e.Severity)} **{e.ProjectCode}** {e.ProjectName} · {title} ({WarningText.Describe(e.Severity)})"),
                AdaptiveCard.Text(e.Headline),
                AdaptiveCard.Text(string.Join(" · ", status), subtle: true),
            ],
            separator: true);
    }

    private static JsonObject WithBleed(this JsonObject container)
    {
        container["bleed"] = true;
        return container;
    }
}
