using PmoBot.Development.Mentoring;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Mentoring;

/// <summary>A pair's dates read on its cards as dates do on every other card.</summary>
public sealed class MentoringCardsTests
{
    private static readonly MentoringPair Pair = new("pair-1", "adele-key", "Adele Vance", "megan-key", "Megan Bowen", "risk", "Run a risk workshop alone", new DateOnly(2027, 2, 13), true, "Alex", DateTimeOffset.UnixEpoch);

    [Fact]
    public void The_introduction_shows_the_start_and_the_first_check_in_as_people_read_dates()
    {
        var facts = FactsOf(MentoringCards.Introduction(Pair, MentoringSide.Mentee));

        Assert.Contains(("Started", "13 Feb 2027"), facts);
        Assert.Contains(("Check-ins", "monthly, from 13 Mar 2027: I'll ask you both how it is going"), facts);
    }

    [Fact]
    public void The_overview_shows_since_when_as_people_read_dates() =>
        Assert.Contains(("Since", "13 Feb 2027 · 2 check-ins due so far"), FactsOf(MentoringCards.Overview([(Pair, 2, [], null)])));
}
