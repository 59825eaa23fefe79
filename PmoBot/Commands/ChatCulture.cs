using System.Globalization;

namespace PmoBot.Commands;

/// <summary>The culture to read a person's numbers and dates in: their Teams locale, or en-US when Teams sent none or an unknown one.</summary>
public static class ChatCulture
{
    private static readonly CultureInfo Fallback = CultureInfo.GetCultureInfo("en-US");

    public static CultureInfo From(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return Fallback;
        }

        try
        {
            var culture = CultureInfo.GetCultureInfo(locale.Trim());
            return culture.Equals(CultureInfo.InvariantCulture) ? Fallback : culture;
        }
        catch (CultureNotFoundException)
        {
            return Fallback;
        }
    }
}
