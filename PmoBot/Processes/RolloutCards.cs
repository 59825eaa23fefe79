using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Processes;

/// <summary>
/// The rollout's cards: the personal card with <b>I have read and understood</b> (and the same card as a reminder or an
/// overdue notice), the announcement for channels, the PMO's overdue notice and the <c>rollout</c> status card.
/// </summary>
public static class RolloutCards
{
    public const string AcknowledgeVerb = "process.acknowledge";
    public const string AcknowledgeTitle = "I have read and understood";

    public const string ProcessField = "processKey";
    public const string VersionField = "version";

    /// <summary>Which of the person's cards the button is on (empty for the first), so the others can be updated to match.</summary>
    public const string CardField = "card";

    public const string CountedOnceNote =
        "Each person is counted once, in the business unit of most of the active projects they ran as PM or deputy when the rollout began (the first alphabetically on a tie); the CSV export lists all their units.";

    /// <summary>Overdue people named on the status card; the CSV export has them all.</summary>
    public const int OverdueNamesShown = 20;

    /// <summary>The personal card: what changed, the link, the due date, and the button; once acknowledged, when it was.</summary>
    public static JsonObject Personal(Rollout rollout, RolloutCard kind, Acknowledgement? done = null)
    {
        var acknowledged = done is { IsAcknowledged: true, AcknowledgedAt: { } at };
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(acknowledged ? $"{rollout.Title}: read and understood" : kind.Heading(rollout)),
            acknowledged
                ? AdaptiveCard.Text($"✅ You confirmed on {ProcessText.CardTime(done!.AcknowledgedAt!.Value)} (your time) that you have read and understood version {rollout.Version}. Thank you.", color: "Good")
                : AdaptiveCard.Text(kind.Lead(rollout)),
            AdaptiveCard.Subheading("What changed"),
            AdaptiveCard.Text(rollout.WhatChanged),
            AdaptiveCard.Facts(
            [
                ("Effective", ProcessText.Date(rollout.EffectiveDate)),
                ("Acknowledge by", $"{ProcessText.Date(rollout.DueDate)} (end of day, UTC)"),
            ]),
            // The last minute of the due date in UTC: midnight after it would read as the next day where the reader is on UTC.
            acknowledged ? null : AdaptiveCard.Text($"Where you are, that is {ProcessText.CardTime(rollout.DueAt.AddMinutes(-1))}.", subtle: true),
        };
        var actions = new List<JsonNode?> { ProcessCards.OpenUrl("Open the document", rollout.DocumentUrl) };
        if (!acknowledged)
        {
            var data = new JsonObject
            {
                [ProcessField] = rollout.ProcessKey,
                [VersionField] = rollout.Version.ToString(CultureInfo.InvariantCulture),
                [CardField] = kind.Suffix,
            };
            actions.Add(AdaptiveCard.Execute(AcknowledgeTitle, AcknowledgeVerb, data, style: "positive"));
        }

        return AdaptiveCard.Create(body, actions);
    }

    public static string PersonalText(Rollout rollout, RolloutCard kind) => $"{kind.Heading(rollout)}. {kind.Lead(rollout)}";

    /// <summary>The announcement posted to channels: no button, since acknowledging is personal and a channel card is everyone's.</summary>
    public static JsonObject Announcement(Rollout rollout) => AdaptiveCard.Create(
        [
            AdaptiveCard.Heading($"📣 {rollout.Title} is published"),
            AdaptiveCard.Text(rollout.WhatChanged),
            AdaptiveCard.Facts(
            [
                ("Effective", ProcessText.Date(rollout.EffectiveDate)),
                ("Who acknowledges", $"{rollout.Audience.Describe()} ({ProcessText.Count(rollout.People, "person", "people")})"),
                ("By", $"{ProcessText.Date(rollout.DueDate)} (end of day, UTC)"),
                ("Published by", rollout.Started.ByName),
            ]),
            AdaptiveCard.Text("Each of them has a card in their personal chat with PmoBot to acknowledge it.", subtle: true),
        ],
        [ProcessCards.OpenUrl("Open the document", rollout.DocumentUrl)]);

    public static string AnnouncementText(Rollout rollout) => $"{rollout.Title} is published: {MessageText.Shorten(rollout.WhatChanged, 200)}";

    /// <summary>Tells the PMO who has not acknowledged by the due date.</summary>
    public static JsonObject OverdueNotice(Rollout rollout, IReadOnlyList<Acknowledgement> overdue) => AdaptiveCard.Create(
        [
            AdaptiveCard.Heading($"{rollout.Title}: {ProcessText.Count(overdue.Count, "person has", "people have")} not acknowledged"),
            AdaptiveCard.Text($"The due date was {ProcessText.Date(rollout.DueDate)}. Each of them has been sent an overdue notice.", color: "Warning"),
            AdaptiveCard.Text(Names(overdue)),
        ],
        [AdaptiveCard.SendMessage("See the rollout", $"{RolloutCommands.RolloutCommand} {rollout.ProcessKey} {rollout.Version}")]);

    /// <summary>Where a rollout stands: the rates per state and per business unit, and who is overdue.</summary>
    public static JsonObject Status(Rollout rollout, IReadOnlyList<Acknowledgement> people, DateTimeOffset now, PmoUser viewer, string? notice = null)
    {
        var states = people.Select(p => p.StateAt(rollout, now)).ToList();
        int Count(AcknowledgementState state) => states.Count(s => s == state);
        var overdue = people.Where(p => p.StateAt(rollout, now) == AcknowledgementState.Overdue).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Rollout of {rollout.Title}"),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Good"),
            rollout.IsOpen ? null : AdaptiveCard.Text($"Closed {ProcessText.When(rollout.ClosedAt!.Value, viewer)}: {rollout.CloseReason}. Acknowledgements are kept.", subtle: true),
            AdaptiveCard.Facts(
            [
                ("Audience", $"{rollout.Audience.Describe()}, {ProcessText.Count(people.Count, "person", "people")}"),
                ("Due", $"{ProcessText.Date(rollout.DueDate)} (end of day, UTC){(now >= rollout.DueAt ? ", passed" : string.Empty)}"),
                ("Reminders", Reminders(rollout, viewer)),
            ]),
            StateChart(Count, people.Count),
            AdaptiveCard.Subheading("By business unit"),
            ByBusinessUnit(rollout, people, now),
            people.Any(p => p.BusinessUnits.Count > 1) ? AdaptiveCard.Text(CountedOnceNote, subtle: true) : null,
        };
        if (overdue.Count > 0)
        {
            body.Add(AdaptiveCard.Subheading($"Overdue ({overdue.Count})"));
            body.Add(AdaptiveCard.Text(Names(overdue)));
        }

        body.Add(AdaptiveCard.Text("\"Seen\" comes from Teams read receipts, which people and tenants can turn off: not seen does not mean not read.", subtle: true));
        var actions = new List<JsonNode?>();
        if (rollout.IsOpen && states.Any(s => s != AcknowledgementState.Acknowledged))
        {
            actions.Add(AdaptiveCard.SendMessage("Remind everyone pending", $"{RolloutCommands.RemindCommand} {rollout.ProcessKey}"));
        }

        actions.Add(AdaptiveCard.SendMessage("Export as CSV", $"{RolloutCommands.ExportCommand} {rollout.ProcessKey} {rollout.Version}"));
        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>
    /// Where everyone stands, as a donut in Teams (acknowledged green, overdue red: the share done reads at a glance);
    /// its fallback, and the card where nobody is in the rollout, is the same counts with their rates as facts.
    /// </summary>
    private static JsonObject StateChart(Func<AcknowledgementState, int> count, int people)
    {
        (string Legend, AcknowledgementState State, string Color)[] states =
        [
            ("Acknowledged", AcknowledgementState.Acknowledged, Charts.Good),
            ("Seen, not acknowledged", AcknowledgementState.Seen, Charts.Neutral),
            ("Pending", AcknowledgementState.Pending, Charts.Warning),
            ("Overdue", AcknowledgementState.Overdue, Charts.Attention),
        ];
        var facts = AdaptiveCard.Facts(states.Select(s => (s.Legend, Rate(count(s.State), people))));
        var slices = states.Where(s => count(s.State) > 0).Select(s => new ChartSlice(s.Legend, count(s.State), s.Color)).ToList();
        return slices.Count == 0 ? facts : Charts.Donut("Where everyone stands", slices, facts);
    }

    /// <summary>"12 (40%)".</summary>
    public static string Rate(int part, int whole) => $"{part.ToString("N0", CultureInfo.InvariantCulture)} ({ProcessText.Percent(part, whole)})";

    /// <summary>A table: a header row, then one row per entry; Teams renders Adaptive Card 1.5 tables on every client.</summary>
    public static JsonObject Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        JsonObject Row(IEnumerable<string> cells, bool header) => new()
        {
            ["type"] = "TableRow",
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode)new JsonObject
            {
                ["type"] = "TableCell",
                ["items"] = new JsonArray(header
                    ? new JsonObject { ["type"] = "TextBlock", ["text"] = c, ["wrap"] = true, ["weight"] = "Bolder" }
                    : new JsonObject { ["type"] = "TextBlock", ["text"] = c, ["wrap"] = true }),
            }).ToArray()),
        };

        return new JsonObject
        {
            ["type"] = "Table",
            ["columns"] = new JsonArray(headers.Select((_, i) => (JsonNode)new JsonObject { ["width"] = i == 0 ? 2 : 1 }).ToArray()),
            ["rows"] = new JsonArray([Row(headers, header: true), .. rows.Select(r => Row(r, header: false))]),
        };
    }

    private static JsonObject ByBusinessUnit(Rollout rollout, IReadOnlyList<Acknowledgement> people, DateTimeOffset now)
    {
        var rows = people
            .Select(p => (Unit: p.CountedBusinessUnit, State: p.StateAt(rollout, now)))
            .GroupBy(x => x.Unit, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var total = g.Count();
                var acknowledged = g.Count(x => x.State == AcknowledgementState.Acknowledged);
                return (Unit: g.Key, Total: total, Acknowledged: acknowledged, Seen: g.Count(x => x.State == AcknowledgementState.Seen), Pending: g.Count(x => x.State == AcknowledgementState.Pending), Overdue: g.Count(x => x.State == AcknowledgementState.Overdue));
            })
            .OrderBy(r => r.Total == 0 ? 1m : (decimal)r.Acknowledged / r.Total)
            .ThenBy(r => r.Unit, StringComparer.OrdinalIgnoreCase)
            .Select(r => (IReadOnlyList<string>)[r.Unit, ProcessText.Percent(r.Acknowledged, r.Total), Number(r.Seen), Number(r.Pending), Number(r.Overdue), Number(r.Total)]);
        return Table(["Business unit", "Acknowledged", "Seen", "Pending", "Overdue", "People"], rows);
    }

    private static string Reminders(Rollout rollout, PmoUser viewer)
    {
        var sent = new List<string>();
        if (rollout.RemindedAt is { } reminded)
        {
            sent.Add($"before the due date, {ProcessText.When(reminded, viewer)}");
        }

        if (rollout.OverdueNoticesAt is { } overdue)
        {
            sent.Add($"overdue notices, {ProcessText.When(overdue, viewer)}");
        }

        if (rollout.ManualRounds > 0)
        {
            sent.Add($"{ProcessText.Count(rollout.ManualRounds, "reminder", "reminders")} by the PMO, the last {ProcessText.When(rollout.LastManualRoundAt ?? rollout.Started.At, viewer)}");
        }

        return sent.Count == 0 ? "none yet" : string.Join("; ", sent);
    }

    private static string Names(IReadOnlyList<Acknowledgement> people) =>
        string.Join(", ", people.Take(OverdueNamesShown).Select(p => p.Name))
        + (people.Count > OverdueNamesShown ? $" and {people.Count - OverdueNamesShown} more (the CSV export lists everyone)" : string.Empty);

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>
/// Which of a person's cards: the first one, the reminder before the due date, the overdue notice, or the PMO's nth
/// reminder (<paramref name="PastDue"/> when it goes after the due date, so it says the version is overdue).
/// </summary>
public sealed record RolloutCard(string Suffix, bool PastDue = false)
{
    public static readonly RolloutCard First = new(string.Empty);
    public static readonly RolloutCard Reminder = new("reminder");
    public static readonly RolloutCard Overdue = new("overdue");

    public static RolloutCard Manual(int round, bool pastDue = false) => new($"remind{round}", pastDue);

    /// <summary>The outbox key of this card for one person: it names the rollout, the person and the card, so each is sent once.</summary>
    public string KeyFor(Rollout rollout, string userKey) => KeyFor(rollout.ProcessKey, rollout.Version, userKey);

    public string KeyFor(string processKey, int version, string userKey) =>
        $"process-ack|{processKey}|v{version}|{userKey}" + (Suffix.Length == 0 ? string.Empty : "|" + Suffix);

    public string Heading(Rollout rollout) => Suffix switch
    {
        "" => $"Please read: {rollout.Title}",
        "overdue" => $"Overdue: {rollout.Title}",
        _ when PastDue => $"Overdue reminder: {rollout.Title}",
        _ => $"Reminder: {rollout.Title}",
    };

    public string Lead(Rollout rollout) => Suffix switch
    {
        "" => $"The PMO published a new version of {rollout.ProcessName}. Read what changed and the document, then confirm below by {ProcessText.Date(rollout.DueDate)}.",
        "overdue" => $"This was due on {ProcessText.Date(rollout.DueDate)} and you have not confirmed yet. Please read it and confirm below.",
        _ when PastDue => $"This was due on {ProcessText.Date(rollout.DueDate)} and is overdue. Please read what changed in {rollout.ProcessName} and confirm below.",
        _ => $"Please read what changed in {rollout.ProcessName} and confirm below by {ProcessText.Date(rollout.DueDate)}.",
    };
}
