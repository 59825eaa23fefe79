using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Warnings;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Warnings;

/// <summary>The alert card in each of its states, checked by the official renderer and the Teams rules.</summary>
public sealed class WarningCardsTests
{
    private static readonly DateTimeOffset Now = WarningsHarness.Monday;
    private static readonly WarningCards.RuleText Rule = new("Cost performance low", "The cost performance index is below 0.90.");
    private static readonly WarningStamp Patti = new("patti", "Patti Fernandez", Now);

    private static WarningEpisode Episode(WarningSeverity severity) =>
        new("PRJ-101|cpi-low|1", "PRJ-101", "Mobile app", "megan", "Megan Bowen", "cpi-low", severity, "CPI 0.82 is below 0.90", "CPI 0.82, was 0.97 in 2026-W45, three reviews ago (falling).", Now, Now, 1)
        {
            Lessons = WarningsHarness.SampleLessons("cpi-low"),
        };

    [Fact]
    public async Task Every_state_of_the_alert_card_is_valid_and_coloured_by_severity()
    {
        var pmo = new List<RoleHolder> { new(Role.Pmo, "patti", "Patti Fernandez", "granted", Now) };
        var start = Now.AddDays(1);
        var cards = new (string Name, WarningEpisode Episode, IReadOnlyList<RoleHolder> Pmo)[]
        {
            ("info without pmo", Episode(WarningSeverity.Info) with { Lessons = [] }, []),
            ("watch", Episode(WarningSeverity.Watch), pmo),
            ("critical handled", Episode(WarningSeverity.Critical).Log(Patti, "acknowledged") with
            {
                Acknowledged = Patti,
                Owner = new WarningOwner("patti", "Patti Fernandez", Patti),
                SnoozedUntil = Now.AddDays(7),
                Meeting = new WarningMeeting(true, start, start.AddMinutes(30), "https://teams.microsoft.com/l/meetup-join/x", "booked", Patti),
            }, pmo),
            ("closed", Episode(WarningSeverity.Watch) with { ClosedAt = Now, CloseReason = "the signal stopped" }, pmo),
        }.Select(c => (c.Name, WarningCards.Alert(c.Episode, Rule, c.Pmo, Now))).ToList();

        await AdaptiveCardValidator.AssertAllValidAsync(cards.Select(c => (c.Name, c.Item2)));
        Assert.Equal(["accent", "warning", "attention", "emphasis"], cards.Select(c => c.Item2["body"]![0]!["style"]!.GetValue<string>()));
        Assert.Contains(TextsOf(cards[0].Item2), t => t.StartsWith("Nobody holds the PMO role yet", StringComparison.Ordinal));
        Assert.Equal(["Assign owner"], cards[2].Item2["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
        Assert.Contains(("Closed", $"{WarningText.CardTime(Now)}: the signal stopped"), FactsOf(cards[3].Item2));
    }

    [Fact]
    public void Times_are_shown_in_each_readers_own_zone()
    {
        Assert.Equal("{{DATE(2026-11-23T10:00:00Z, SHORT)}} {{TIME(2026-11-23T10:00:00Z)}}", WarningText.CardTime(new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.FromHours(1))));
    }
}
