using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;

namespace PmoBot.Warnings;

/// <summary>The warning cards: the alert the PMO acts on, the PM's note, and the <c>warnings</c> list.</summary>
public static class WarningCards
{
    public const string AcknowledgeVerb = "warning.acknowledge";
    public const string AssignVerb = "warning.assign";
    public const string MeetingVerb = "warning.meeting";
    public const string SnoozeVerb = "warning.snooze";
    public const string CloseVerb = "warning.close";
    public const string WarningField = "warning";
    public const string OwnerField = "owner";

    public const int PerPage = 10;

    /// <summary>An Input.ChoiceSet with thousands of names helps nobody; the PMO is a team, not the company.</summary>
    public const int MaxOwnerChoices = 100;

    private const int ShownActivity = 5;

    /// <summary>What is shown of a warning's rule: its title and its one-line explanation.</summary>
    public sealed record RuleText(string Title, string Explanation);

    public static JsonObject Alert(WarningEpisode episode, RuleText rule, IReadOnlyList<RoleHolder> pmo, DateTimeOffset now, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(episode);
        rule = Effective(episode, rule);
        var manual = ManualWarning.IsManual(episode.RuleId);
        var body = new List<JsonNode?>
        {
            Banner(episode, rule),
            note is null ? null : AdaptiveCard.Text(note, color: "Attention"),
            AdaptiveCard.Text($"**{episode.Headline}**"),
            manual ? null : AdaptiveCard.Text(episode.Trend, subtle: true),
            AdaptiveCard.Text($"What it means: {rule.Explanation}"),
            AdaptiveCard.Facts(Facts(episode, now)),
            MeetingBlock(episode.Meeting),
        };
        body.AddRange(Lessons(episode));
        body.AddRange(Log(episode));
        return AdaptiveCard.Create(body, episode.Status == WarningStatus.Open ? Actions(episode, pmo, now) : []);
    }

    public static JsonObject ManagerNote(WarningEpisode episode, RuleText rule)
    {
        ArgumentNullException.ThrowIfNull(episode);
        rule = Effective(episode, rule);
        var manual = ManualWarning.IsManual(episode.RuleId);
        return AdaptiveCard.Create(
        [
            Banner(episode, rule),
            AdaptiveCard.Text($"An early warning was raised on your project: **{episode.Headline}**{ManualWarning.FullStop(episode.Headline)}"),
            manual ? null : AdaptiveCard.Text(episode.Trend, subtle: true),
            AdaptiveCard.Text($"What it means: {rule.Explanation}"),
            AdaptiveCard.Text(
                manual
                    ? "The PMO has been alerted and may get in touch or book a short review meeting. Say in your next review what is being done about it; the PMO closes the warning when it is dealt with."
                    : "The PMO has been alerted and may get in touch or book a short review meeting. Say in your next review what is being done about it; the warning closes by itself when the signal stops.",
                subtle: true),
        ]);
    }

    public static string ManagerNoteText(WarningEpisode episode, RuleText rule)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return $"An early warning ({WarningText.Describe(episode.Severity)}: {Effective(episode, rule).Title}) was raised on {episode.ProjectCode} {episode.ProjectName}: {episode.Headline}{ManualWarning.FullStop(episode.Headline)}";
    }

    public static string AlertText(WarningEpisode episode, RuleText rule)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return $"{WarningText.Describe(episode.Severity)} warning on {episode.ProjectCode} {episode.ProjectName}: {Effective(episode, rule).Title}. {episode.Headline}{ManualWarning.FullStop(episode.Headline)}";
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
        body.AddRange(shown.Select(e => Row(e, ManualWarning.IsManual(e.RuleId) ? ManualWarning.Text(e).Title : titleOf(e.RuleId), now)));
        var actions = page < pages ? new List<JsonNode?> { AdaptiveCard.SendMessage("More", $"{command} page {page + 1}") } : [];
        return AdaptiveCard.Create(body, actions);
    }

    private static JsonObject Row(WarningEpisode e, string title, DateTimeOffset now)
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

        return new JsonObject
        {
            ["type"] = "Container",
            ["separator"] = true,
            ["items"] = new JsonArray(
                AdaptiveCard.Text($"{WarningText.Symbol(e.Severity)} **{e.ProjectCode}** {e.ProjectName} · {title} ({WarningText.Describe(e.Severity)})"),
                AdaptiveCard.Text(e.Headline),
                AdaptiveCard.Text(string.Join(" · ", status), subtle: true)),
        };
    }

    private static JsonObject Banner(WarningEpisode episode, RuleText rule) => new()
    {
        ["type"] = "Container",
        ["style"] = episode.Status == WarningStatus.Closed ? "emphasis" : episode.Severity switch
        {
            WarningSeverity.Critical => "attention",
            WarningSeverity.Watch => "warning",
            _ => "accent",
        },
        ["bleed"] = true,
        ["items"] = new JsonArray(
            AdaptiveCard.Text(
                $"{WarningText.Symbol(episode.Severity)} {WarningText.Describe(episode.Severity).ToUpperInvariant()} · {rule.Title}{(episode.Status == WarningStatus.Closed ? " · closed" : string.Empty)}",
                color: episode.Severity == WarningSeverity.Critical ? "Attention" : episode.Severity == WarningSeverity.Watch ? "Warning" : "Accent"),
            AdaptiveCard.Heading($"{episode.ProjectCode} · {episode.ProjectName}")),
    };

    private static IEnumerable<(string Title, string Value)> Facts(WarningEpisode e, DateTimeOffset now)
    {
        yield return ("Project manager", e.ManagerName);
        yield return ("Signal", $"{ManualWarning.DisplayRuleId(e.RuleId)} ({WarningText.Describe(e.Severity)})");
        yield return ("Raised", WarningText.CardTime(e.RaisedAt));
        if (e.Status == WarningStatus.Closed)
        {
            yield return ("Closed", $"{WarningText.CardTime(e.ClosedAt!.Value)}: {e.CloseReason}");
        }

        yield return ("Acknowledged", e.Acknowledged is { } ack ? $"by {ack.ByName}, {WarningText.CardTime(ack.At)}" : "not yet");
        yield return ("Owner", e.Owner is { } owner ? $"{owner.Name} (assigned by {owner.AssignedBy.ByName}, {WarningText.CardTime(owner.AssignedBy.At)})" : "nobody yet");
        if (e.IsSnoozed(now))
        {
            yield return ("Snoozed until", WarningText.CardTime(e.SnoozedUntil!.Value));
        }
    }

    private static JsonObject? MeetingBlock(WarningMeeting? meeting)
    {
        if (meeting is null)
        {
            return null;
        }

        var text = meeting is { Booked: true, Start: { } start, End: { } end }
            ? $"Review meeting booked for {WarningText.CardTime(start)} to {WarningText.CardTime(end)} by {meeting.RequestedBy.ByName}."
                + (meeting.JoinUrl is { Length: > 0 } url ? $" [Join the meeting]({url})" : " (no join link came back)")
            : $"No review meeting booked ({meeting.RequestedBy.ByName}, {WarningText.CardTime(meeting.RequestedBy.At)}): {meeting.Explanation}";
        return AdaptiveCard.Text(text, color: meeting.Booked ? "Good" : "Warning");
    }

    private static IEnumerable<JsonNode?> Lessons(WarningEpisode episode)
    {
        yield return AdaptiveCard.Subheading("Lessons from past projects");
        if (episode.Lessons.Count == 0)
        {
            yield return AdaptiveCard.Text("No recorded lesson matches this signal yet.", subtle: true);
            yield break;
        }

        foreach (var lesson in episode.Lessons)
        {
            var from = lesson.ProjectCode is { Length: > 0 } code ? $" ({code})" : string.Empty;
            var items = new JsonArray(
                AdaptiveCard.Text($"**{lesson.Title}**{from}"),
                AdaptiveCard.Text(lesson.WhatHappened, subtle: true),
                AdaptiveCard.Text($"Next time: {lesson.WhatToDo}"));
            if (lesson.ContingencyActions.Count > 0)
            {
                items.Add(AdaptiveCard.Text("Contingency: " + string.Join(Environment.NewLine, lesson.ContingencyActions.Select(a => $"- {a}").Prepend(string.Empty))));
            }

            yield return new JsonObject { ["type"] = "Container", ["separator"] = true, ["items"] = items };
        }
    }

    private static IEnumerable<JsonNode?> Log(WarningEpisode episode)
    {
        if (episode.Activity.Count == 0)
        {
            yield break;
        }

        yield return AdaptiveCard.Subheading("Activity");
        foreach (var entry in episode.Activity.TakeLast(ShownActivity))
        {
            yield return AdaptiveCard.Text($"{WarningText.CardTime(entry.At)} · {entry.By}: {entry.What}", subtle: true);
        }
    }

    private static IEnumerable<JsonNode?> Actions(WarningEpisode episode, IReadOnlyList<RoleHolder> pmo, DateTimeOffset now)
    {
        var data = new JsonObject { [WarningField] = episode.Id };
        if (episode.Acknowledged is null)
        {
            yield return AdaptiveCard.Execute("Acknowledge", AcknowledgeVerb, data, style: "positive");
        }

        // The button is always there, so the PMO learns why nobody can be chosen rather than missing the action.
        var people = pmo.DistinctBy(p => p.UserKey).Take(MaxOwnerChoices).Select(p => (p.Name, p.UserKey)).ToList();
        var assign = people.Count > 0
            ? AdaptiveCard.Create(
                [AdaptiveCard.ChoiceInput(OwnerField, "Who owns the follow-up?", people, episode.Owner?.UserKey, required: true, errorMessage: "Choose someone from the PMO.")],
                [AdaptiveCard.Execute("Assign", AssignVerb, data)])
            : AdaptiveCard.Create([AdaptiveCard.Text("Nobody holds the PMO role yet: grant it with **role grant ‹person› pmo**, then assign.")]);
        assign.Remove("$schema");
        assign.Remove("msteams");
        yield return AdaptiveCard.ShowCard("Assign owner", assign);

        if (episode.Meeting is not { Booked: true })
        {
            yield return AdaptiveCard.Execute("Schedule review meeting", MeetingVerb, data);
        }

        if (!episode.IsSnoozed(now))
        {
            yield return AdaptiveCard.Execute("Snooze 1 week", SnoozeVerb, data);
        }

        // A rule's warning closes when its signal stops; one raised by hand is closed by hand.
        if (ManualWarning.IsManual(episode.RuleId))
        {
            yield return AdaptiveCard.Execute("Close", CloseVerb, data, style: "destructive");
        }
    }
}
