using System.Globalization;
using PmoBot.Cards;

namespace PmoBot.Tests.Cards;

public sealed class MoneyTextTests
{
    [Theory]
    [InlineData("1333333.33", "EUR", "1,333,333 EUR")]
    [InlineData("174666.67", "EUR", "174,667 EUR")]
    [InlineData("-133333.33", "EUR", "-133,333 EUR")]
    [InlineData("1000.4", "GBP", "1,000 GBP")]
    [InlineData("999.995", "GBP", "1,000 GBP")]
    [InlineData("812.5", "USD", "812.50 USD")]
    [InlineData("800", "USD", "800 USD")]
    [InlineData("0.5", "USD", "0.50 USD")]
    [InlineData("1250000", null, "1,250,000")]
    public void Amounts_over_a_thousand_show_no_cents_and_smaller_ones_show_them_only_when_there_are_some(string amount, string? currency, string shown)
    {
        Assert.Equal(shown, MoneyText.Format(decimal.Parse(amount, CultureInfo.InvariantCulture), currency));
    }

    [Theory]
    [InlineData("1363636.36", "EUR", "1,360,000 EUR")]
    [InlineData("5521015", "EUR", "5,520,000 EUR")]
    [InlineData("211015", "EUR", "211,000 EUR")]
    [InlineData("-133333.33", "EUR", "-133,000 EUR")]
    [InlineData("99950", "GBP", "100,000 GBP")]
    [InlineData("1250", "USD", "1,250 USD")]
    [InlineData("1255", "USD", "1,260 USD")]
    [InlineData("812.5", "USD", "812.50 USD")]
    [InlineData("1200000000", "EUR", "1,200,000,000 EUR")]
    public void A_forecast_or_total_is_rounded_to_three_significant_figures_and_a_small_amount_is_left_as_it_is(string amount, string currency, string shown)
    {
        Assert.Equal(shown, MoneyText.Rounded(decimal.Parse(amount, CultureInfo.InvariantCulture), currency));
    }

    [Fact]
    public void A_difference_takes_the_rounding_of_the_figure_it_is_read_beside_so_the_card_adds_up()
    {
        // Budget 5,310,000, EAC 5,906,015: the EAC reads 5,910,000, so the overrun reads 600,000, not 597,000.
        Assert.Equal("5,910,000 EUR", MoneyText.Rounded(5_906_015m, "EUR"));
        Assert.Equal("596,000 EUR", MoneyText.Rounded(596_015m, "EUR"));
        Assert.Equal("600,000 EUR", MoneyText.Rounded(596_015m, "EUR", roundedLike: 5_906_015m));
        Assert.Equal("-130,000 EUR", MoneyText.Rounded(-133_333.33m, "EUR", roundedLike: 1_333_333.33m));
    }

    [Fact]
    public void The_readers_separators_are_used_and_exact_amounts_keep_their_decimals()
    {
        Assert.Equal("1.250.001 EUR", MoneyText.Format(1_250_000.5m, "EUR", CultureInfo.GetCultureInfo("de-DE")));
        Assert.Equal("1,200,000.5", MoneyText.Exact(1_200_000.5m));
    }
}
