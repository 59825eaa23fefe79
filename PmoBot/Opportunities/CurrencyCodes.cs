using System.Collections.Frozen;
using System.Globalization;

namespace PmoBot.Opportunities;

/// <summary>
/// The ISO 4217 currencies .NET knows from its region data (every specific culture's region), and the symbols each is
/// written with there, so "£50k" is known to be pounds and not the deal's euros.
/// </summary>
public static class CurrencyCodes
{
    private static readonly FrozenDictionary<string, FrozenSet<string>> Symbols = Load();

    public static bool IsIso(string code) => Symbols.ContainsKey(code);

    /// <summary>
    /// Whether <paramref name="typed"/> (a symbol such as "€", or a code such as "eur") can mean <paramref name="code"/>:
    /// the code itself, or a symbol a region using it writes it with ("$" in "US$").
    /// </summary>
    public static bool Means(string typed, string code) =>
        string.Equals(typed, code, StringComparison.OrdinalIgnoreCase)
        || (Symbols.TryGetValue(code, out var symbols) && !typed.All(char.IsAsciiLetter) && symbols.Any(s => s.Contains(typed, StringComparison.Ordinal)));

    private static FrozenDictionary<string, FrozenSet<string>> Load()
    {
        var symbols = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (region.ISOCurrencySymbol.Length != 3 || !region.ISOCurrencySymbol.All(char.IsAsciiLetterUpper))
            {
                continue;
            }

            var known = symbols.TryGetValue(region.ISOCurrencySymbol, out var set) ? set : symbols[region.ISOCurrencySymbol] = new HashSet<string>(StringComparer.Ordinal);
            known.Add(region.CurrencySymbol);
            known.Add(culture.NumberFormat.CurrencySymbol);
        }

        return symbols.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
    }
}
