using System.Globalization;
using System.Text.RegularExpressions;

namespace PmoBot.Reviews.Templates;

/// <summary>A number as someone typed it, and whether they wrote a decimal separator (the percent rule needs to know).</summary>
internal readonly record struct TypedNumber(decimal Value, bool HasDecimalSeparator);

/// <summary>
/// Reads numbers the way people type them in chat: with the decimal and thousands separators of their own culture
/// (<c>1.234,5</c> in de-DE) or of English (<c>1,234.5</c>), the culture's first. Thousands separators must sit
/// where the culture puts them (groups of three, or 3 then 2 for en-IN), so a German <c>1.5</c> is not read as
/// fifteen but falls through to English, where it is one and a half.
/// </summary>
internal static partial class NumberText
{
    private static readonly string[] SpaceSeparators = [" ", "\u00A0", "\u202F"];
    private static readonly string[] ApostropheSeparators = ["'", "’"];

    public static bool TryRead(string text, CultureInfo culture, out TypedNumber number)
    {
        number = default;
        var body = text.Trim();
        var negative = false;
        if (body.Length > 0 && body[0] is '-' or '−' or '+')
        {
            negative = body[0] != '+';
            body = body[1..].TrimStart();
        }

        foreach (var format in new[] { culture.NumberFormat, CultureInfo.InvariantCulture.NumberFormat })
        {
            if (TryReadWith(body, format, out var value, out var hasDecimals))
            {
                number = new TypedNumber(negative ? -value : value, hasDecimals);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A small quantity (PDUs, hours, places) typed in chat or a form, where the reader's culture is not known: English
    /// separators, except that a comma followed by one or two digits is a decimal mark (<c>2,5</c> is two and a half),
    /// as thousands are grouped by three and such a comma was read as <c>25</c>. <c>1,000</c> stays a thousand.
    /// Never NaN or infinity, which no one means.
    /// </summary>
    public static bool TryReadQuantity(string text, out decimal value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        var typed = text.Trim();
        if (!TryRead(typed, CultureInfo.InvariantCulture, out var number)
            && !(DecimalComma().IsMatch(typed) && TryRead(typed.Replace(',', '.'), CultureInfo.InvariantCulture, out number)))
        {
            return false;
        }

        value = number.Value;
        return true;
    }

    /// <summary>Drops trailing zeros (<c>40.0</c> becomes <c>40</c>) so canonical answers have one spelling.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>A number with the culture's separators and no needless decimals: <c>1,250,000</c>, <c>12.5</c>.</summary>
    public static string Format(decimal value, CultureInfo culture) => Normalize(value).ToString("#,0.##########", culture);

    private static bool TryReadWith(string body, NumberFormatInfo format, out decimal value, out bool hasDecimals)
    {
        value = 0;
        hasDecimals = false;
        var decimalSeparator = format.NumberDecimalSeparator;
        var parts = body.Split(decimalSeparator);
        if (body.Length == 0 || parts.Length > 2)
        {
            return false;
        }

        var integer = parts[0];
        var fraction = parts.Length == 2 ? parts[1] : string.Empty;
        hasDecimals = parts.Length == 2;
        if ((hasDecimals && (fraction.Length == 0 || !AllDigits(fraction))) || (integer.Length == 0 && !hasDecimals))
        {
            return false;
        }

        var groups = integer.Length == 0 ? [] : integer.Split(GroupSeparators(format.NumberGroupSeparator), StringSplitOptions.None);
        if (!groups.All(AllDigits) || (groups.Length > 1 && !GroupsFit(groups, format.NumberGroupSizes)))
        {
            return false;
        }

        var invariant = (integer.Length == 0 ? "0" : string.Concat(groups)) + (hasDecimals ? "." + fraction : string.Empty);
        return decimal.TryParse(invariant, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Cultures that group with a (narrow, non-breaking) space or an apostrophe get every spelling of it people type.</summary>
    private static string[] GroupSeparators(string separator) =>
        SpaceSeparators.Contains(separator) ? SpaceSeparators
        : ApostropheSeparators.Contains(separator) ? ApostropheSeparators
        : [separator];

    /// <summary>Checks groups against the culture's sizes, read from the right: <c>[3]</c> for 1,234,567 and <c>[3, 2]</c> for 12,34,567.</summary>
    private static bool GroupsFit(string[] groups, int[] sizes)
    {
        var sizeIndex = 0;
        var size = sizes.Length > 0 && sizes[0] > 0 ? sizes[0] : 3;
        for (var i = groups.Length - 1; i > 0; i--)
        {
            if (groups[i].Length != size)
            {
                return false;
            }

            if (sizeIndex + 1 < sizes.Length && sizes[sizeIndex + 1] > 0)
            {
                sizeIndex++;
                size = sizes[sizeIndex];
            }
        }

        return groups[0].Length >= 1 && groups[0].Length <= size;
    }

    private static bool AllDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    [GeneratedRegex(@"^[-+]?\d+,\d{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalComma();
}
