using System.Globalization;

namespace PmoBot.Cards;

/// <summary>
/// Money as PmoBot shows it, the one place every amount on a card or in a message is formatted. From
/// <see cref="WholeUnitsFrom"/> up the amount is rounded to whole units (<c>1,333,333 EUR</c>): at that size cents
/// are noise that hides the figure. Below it, cents show when there are some (<c>812.50 EUR</c>, <c>800 EUR</c>).
/// Form values and validation messages keep the exact amount (<see cref="Exact"/>), so nothing typed is rounded away.
/// </summary>
public static class MoneyText
{
    public const decimal WholeUnitsFrom = 1_000m;

    private const int SignificantFigures = 3;

    /// <param name="currency">The currency code shown after the amount; null or empty shows the amount alone.</param>
    /// <param name="culture">Whose separators to use (a German reader sees <c>1.250.000 EUR</c>); invariant by default.</param>
    public static string Format(decimal amount, string? currency, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.InvariantCulture;
        var rounded = Math.Abs(amount) >= WholeUnitsFrom
            ? Math.Round(amount, 0, MidpointRounding.AwayFromZero)
            : Math.Round(amount, 2, MidpointRounding.AwayFromZero);
        var number = rounded == decimal.Truncate(rounded) ? rounded.ToString("#,0", culture) : rounded.ToString("#,0.00", culture);
        return string.IsNullOrWhiteSpace(currency) ? number : $"{number} {currency.Trim()}";
    }

    /// <summary>
    /// A forecast or a total over many projects, to three significant figures (<c>1,363,636</c> reads
    /// <c>1,360,000 EUR</c>): an estimate at completion worked out from a CPI of 0.88 is not known to the euro, and
    /// the extra digits only slow the reader down. Amounts below <see cref="WholeUnitsFrom"/> are shown as
    /// <see cref="Format"/> shows them.
    /// </summary>
    /// <param name="roundedLike">
    /// The figure this one is read beside, whose rounding it takes: a variance of 596,015 next to an EAC shown as
    /// 5,910,000 reads 600,000, so that the budget, the EAC and the difference add up on the card.
    /// </param>
    public static string Rounded(decimal amount, string? currency, CultureInfo? culture = null, decimal? roundedLike = null)
    {
        var size = Math.Max(Math.Abs(amount), Math.Abs(roundedLike ?? 0));
        if (size < WholeUnitsFrom)
        {
            return Format(amount, currency, culture);
        }

        var digits = (int)Math.Floor(Math.Log10((double)size)) + 1;
        var unit = Pow10(digits - SignificantFigures);
        return Format(Math.Round(amount / unit, 0, MidpointRounding.AwayFromZero) * unit, currency, culture);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    /// <summary>The exact amount, every decimal kept (<c>1,200,000.5</c>): for form values and messages about exact sums.</summary>
    public static string Exact(decimal amount) => amount.ToString("#,0.##", CultureInfo.InvariantCulture);
}
