using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Warnings;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Warnings;

/// <summary>The project's warning card in each of its states, checked by the official renderer and the Teams rules.</summary>
public sealed class WarningCardsTests
{
    /// <summary>Teams refuses a bot message over about 28 KB; the card must fit with six warnings and their lessons.</summary>
    private const int TeamsMessageLimit = 28 * 1024;

    private static readonly DateTimeOffset Now = WarningsHarness.Monday;
    private static readonly WarningStamp Patti = new("patti", "Patti Fernandez", Now);
    private static readonly IReadOnlyList<RoleHolder> Pmo = [new(Role.Pmo, "patti", "Patti Fernandez", "granted", Now)];

    private static readonly Dictionary<string, string> Titles = new()
    {
        ["cpi-low"] = "Cost performance low",
        ["dimension-red"] = "Red RAG",
        ["rag-worsening"] = "RAG worsening",
        ["spi-low"] = "Schedule performance low",
        ["eac-overrun"] = "Forecast over budget",
        ["risk-high"] = "High risk",
    };

    private static WarningCards.RuleText RuleOf(WarningEpisode e) => WarningCards.Effective(e, new(Titles.GetValueOrDefault(e.RuleId, e.RuleId), "Explained."));

    private static WarningEpisode Episode(string rule, WarningSeverity severity, string headline = "CPI 0.82 is below 0.90") =>
        new($"PRJ-101|{rule}|1", "PRJ-101", "Mobile app", "megan", "Megan Bowen", rule, severity, headline, "CPI 0.82, was 0.97 in 2026-W45, three reviews ago (falling).", Now, Now, 1)
        {
            Lessons = WarningsHarness.SampleLessons(rule).Select(l => l with { Id = $"{rule}-{l.Id}" }).ToList(),
            Activity = [new WarningActivity(Now, "PmoBot", $"raised: {headline}")],
        };

    private static ProjectWarnings Of(IEnumerable<WarningEpisode> open, IEnumerable<WarningEpisode>? closed = null) =>
        ProjectWarnings.Of("PRJ-101", "Mobile app", "Megan Bowen", open, closed ?? []);

    /// <summary>What the README's red review of PRJ-101 raises: six warnings on one project.</summary>
    private static List<WarningEpisode> SixWarnings() =>
    [
        Episode("risk-high", WarningSeverity.Watch, "Risk: card provider API not ready (high probability, high impact)"),
        Episode("cpi-low", WarningSeverity.Critical, "CPI 0.69 is below 0.80"),
        Episode("spi-low", WarningSeverity.Watch, "SPI 0.86 is below 0.90"),
        Episode("dimension-red", WarningSeverity.Critical, "Overall is red"),
        Episode("eac-overrun", WarningSeverity.Watch, "EAC 1,364,000 EUR is 13.7% over the budget of 1,200,000 EUR"),
        Episode("rag-worsening", WarningSeverity.Critical, "Overall red, was amber two reviews ago"),
    ];

    [Fact]
    public async Task Every_state_of_the_project_card_is_valid_and_coloured_by_its_most_severe_warning()
    {
        var start = Now.AddDays(1);
        var handled = Episode("cpi-low", WarningSeverity.Critical).Log(Patti, "acknowledged") with
        {
            Acknowledged = Patti,
            Owner = new WarningOwner("patti", "Patti Fernandez", Patti),
            SnoozedUntil = Now.AddDays(7),
            Meeting = new WarningMeeting(true, start, start.AddMinutes(30), "https://teams.microsoft.com/l/meetup-join/x", "booked", Patti, "Europe/London"),
        };
        var closed = Episode("cpi-low", WarningSeverity.Watch) with { ClosedAt = Now, CloseReason = "the signal stopped" };
        var cards = new (string Name, JsonObject Card)[]
        {
            ("info without pmo", WarningCards.Project(Of([Episode("progress-stalled", WarningSeverity.Info) with { Lessons = [] }]), RuleOf, [], Now)),
            ("watch", WarningCards.Project(Of([Episode("cpi-low", WarningSeverity.Watch)]), RuleOf, Pmo, Now)),
            ("critical handled", WarningCards.Project(Of([handled]), RuleOf, Pmo, Now)),
            ("all closed", WarningCards.Project(Of([], [closed]), RuleOf, Pmo, Now)),
            ("six warnings", WarningCards.Project(Of(SixWarnings()), RuleOf, Pmo, Now)),
            ("replaced", WarningCards.Project(Of(SixWarnings()), RuleOf, Pmo, Now, replaced: new CardReplaced(true, "the channel **PMO alerts**", Now))),
        };

        await AdaptiveCardValidator.AssertAllValidAsync(cards);
        Assert.Equal(["accent", "warning", "attention", "emphasis", "attention", "emphasis"], cards.Select(c => c.Card["body"]![0]!["style"]!.GetValue<string>()));
        Assert.Contains(TextsOf(cards[0].Card), t => t.StartsWith("Nobody holds the PMO role yet", StringComparison.Ordinal));
        Assert.Equal(["Assign owner"], cards[2].Card["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
        Assert.Contains("Booked by Patti Fernandez for Tue 24 Nov 2026, 10:00–10:30 (Europe/London); for you {{DATE(2026-11-24T10:00:00Z, SHORT)}} {{TIME(2026-11-24T10:00:00Z)}}. [Join the meeting](https://teams.microsoft.com/l/meetup-join/x)", TextsOf(cards[2].Card));
        Assert.Contains($"✅ Cost performance low: closed {WarningText.CardTime(Now)} (the signal stopped)", TextsOf(cards[3].Card));
        Assert.Null(cards[3].Card["actions"]);
        Assert.Null(cards[5].Card["actions"]);
        Assert.DoesNotContain(WarningsHarness.AllActionsOf(cards[5].Card["body"]), a => a["type"]!.GetValue<string>() != "Action.ToggleVisibility");
        Assert.Contains(TextsOf(cards[5].Card), t => t.StartsWith("**Escalated, see the new card:**", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_booking_under_way_reads_as_such_and_one_pending_past_two_minutes_as_not_finished_with_the_button_to_press_again()
    {
        var asked = Episode("cpi-low", WarningSeverity.Critical) with { Meeting = WarningMeeting.Booking(Patti, "Europe/London") };

        var underWay = WarningCards.Project(Of([asked]), RuleOf, Pmo, Now.AddSeconds(30));
        var stale = WarningCards.Project(Of([asked]), RuleOf, Pmo, Now + WarningMeeting.PendingFor);

        Assert.Contains(TextsOf(underWay), t => t.StartsWith($"Booking a review meeting (Patti Fernandez, {WarningText.CardTime(Now)}): Microsoft Graph is slow to answer", StringComparison.Ordinal));
        Assert.Contains(
            $"No review meeting booked (Patti Fernandez, {WarningText.CardTime(Now)}): the booking did not finish. Press **Schedule review meeting** again; the same meeting is never booked twice.",
            TextsOf(stale));
        Assert.DoesNotContain(TextsOf(stale), t => t.StartsWith("Booking a review meeting", StringComparison.Ordinal));
        Assert.All(new[] { underWay, stale }, card => Assert.Contains(WarningsHarness.AllActionsOf(card["actions"]), a => (string?)a["title"] == "Schedule review meeting"));
        await AdaptiveCardValidator.AssertAllValidAsync([("booking under way", underWay), ("booking not finished", stale)]);
    }

    [Fact]
    public void Six_warnings_are_one_card_most_severe_first_numbered_with_lessons_collapsed_and_actions_for_all_or_one()
    {
        var card = WarningCards.Project(Of(SixWarnings()), RuleOf, Pmo, Now);

        Assert.Equal(
            [
                "**1. 🔴 Cost performance low** (Critical): CPI 0.69 is below 0.80.",
                "**2. 🔴 Red RAG** (Critical): Overall is red.",
                "**3. 🔴 RAG worsening** (Critical): Overall red, was amber two reviews ago.",
                "**4. 🟠 Forecast over budget** (Watch): EAC 1,364,000 EUR is 13.7% over the budget of 1,200,000 EUR.",
                "**5. 🟠 High risk** (Watch): Risk: card provider API not ready (high probability, high impact).",
                "**6. 🟠 Schedule performance low** (Watch): SPI 0.86 is below 0.90.",
            ],
            WarningsHarness.RowsOf(card));
        Assert.Equal("🔴 CRITICAL · six early warnings", card["body"]![0]!["items"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(["Acknowledge all", "Assign owner", "Schedule review meeting", "Snooze all 1 week"], card["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
        Assert.All(Enumerable.Range(1, 6), n => Assert.Equal(["Acknowledge", "Schedule review meeting", "Snooze 1 week"], WarningsHarness.RowActionsOf(card, n).Select(a => a["title"]!.GetValue<string>())));
        Assert.Equal(SixWarnings().Single(e => e.RuleId == "cpi-low").Id, WarningsHarness.RowActionsOf(card, 1)[0]["data"]![WarningCards.WarningField]!.GetValue<string>());
        Assert.Equal("PRJ-101", card["actions"]![0]!["data"]![WarningCards.ProjectField]!.GetValue<string>());

        var toggle = WarningsHarness.AllActionsOf(card["body"]).Single(a => a["type"]!.GetValue<string>() == "Action.ToggleVisibility");
        Assert.Equal($"{WarningCards.LessonsTitle} ({WarningCards.LessonsOnCard})", toggle["title"]!.GetValue<string>());
        var lessons = card["body"]!.AsArray().Single(e => e!["id"]?.GetValue<string>() == toggle["targetElements"]![0]!.GetValue<string>())!;
        Assert.False(lessons["isVisible"]!.GetValue<bool>());
        Assert.Equal(WarningCards.LessonsOnCard, lessons["items"]!.AsArray().Count);

        var scope = WarningsHarness.AllActionsOf(card).Single(a => a["title"]!.GetValue<string>() == "Assign owner")["card"]!["body"]!.AsArray()
            .Single(e => e!["id"]?.GetValue<string>() == WarningCards.ScopeField)!;
        Assert.Equal(["All open warnings on PRJ-101", "1. Cost performance low", "2. Red RAG", "3. RAG worsening", "4. Forecast over budget", "5. High risk", "6. Schedule performance low"], scope["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
        Assert.True(card.ToJsonString().Length < TeamsMessageLimit, $"the card is {card.ToJsonString().Length} characters");
    }

    [Fact]
    public void Times_are_functions_Teams_renders_and_only_inside_text_blocks_where_it_documents_them()
    {
        var handled = Episode("cpi-low", WarningSeverity.Critical) with { Acknowledged = Patti, Owner = new WarningOwner("patti", "Patti Fernandez", Patti), SnoozedUntil = Now.AddDays(7) };
        var cards = new[]
        {
            WarningCards.Project(Of(SixWarnings().Append(handled with { Id = "PRJ-101|x|1", RuleId = "x" })), RuleOf, Pmo, Now),
            WarningCards.Project(Of([], [handled with { ClosedAt = Now, CloseReason = "the signal stopped" }]), RuleOf, Pmo, Now),
            WarningCards.ManagerNote(Of(SixWarnings()), RuleOf),
            WarningCards.List("Open warnings", SixWarnings(), r => r, 1, "warnings", Now),
        };

        Assert.Equal("{{DATE(2026-11-23T10:00:00Z, SHORT)}} {{TIME(2026-11-23T10:00:00Z)}}", WarningText.CardTime(new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.FromHours(1))));
        var times = cards.SelectMany(c => StringsWithTimes(c)).ToList();
        Assert.NotEmpty(times);
        Assert.All(times, t => Assert.Equal(("TextBlock", "text"), (t.Type, t.Key)));
        Assert.All(cards, c => Assert.Empty(FactsOf(c)));

        // Teams names no zone beside these times, so every card showing them says whose zone they are in, once.
        Assert.All(cards.Where(c => StringsWithTimes(c).Any()), c => Assert.Single(TextsOf(c), DateText.ReadersZoneNote));
    }

    /// <summary>Every string holding a DATE/TIME function, with the type of the element it is in and its property.</summary>
    private static IEnumerable<(string? Type, string Key)> StringsWithTimes(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Contains("{{", StringComparison.Ordinal)
            ? [(obj["type"]?.GetValue<string>(), p.Key)]
            : StringsWithTimes(p.Value)),
        JsonArray array => array.SelectMany(StringsWithTimes),
        _ => [],
    };
}
