using PmoBot.Portfolio;

namespace PmoBot.Tests.Portfolio;

/// <summary>The portfolio card's line per currency says how much of its EAC comes from reviews, in words that fit the count.</summary>
public sealed class PortfolioTotalsTextTests
{
    [Theory]
    [InlineData(1, 1, "(EAC from the latest review)")]
    [InlineData(3, 3, "(EAC from the latest reviews of all 3 projects)")]
    [InlineData(5, 3, "(EAC from the latest reviews of 3 of 5 projects; the others count at budget)")]
    [InlineData(4, 3, "(EAC from the latest reviews of 3 of 4 projects; the other counts at budget)")]
    [InlineData(1, 0, "(no estimate reviewed yet: the project counts at budget)")]
    [InlineData(2, 0, "(no estimate reviewed yet: all 2 projects count at budget)")]
    public void The_source_of_the_estimate_reads_right_for_every_count(int projects, int forecast, string source)
    {
        var line = PortfolioCards.DescribeTotal(new CurrencyTotal("GBP", 680_000m, 680_000m, projects, forecast));

        Assert.Equal($"budget 680,000 GBP · EAC 680,000 GBP · on budget {source}", line);
    }
}
