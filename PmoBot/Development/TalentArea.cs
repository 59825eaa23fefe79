namespace PmoBot.Development;

/// <summary>PMI's Talent Triangle: every education PDU falls in one of its three areas.</summary>
public enum TalentArea
{
    WaysOfWorking,
    PowerSkills,
    BusinessAcumen,
}

/// <summary>PDUs earned per Talent Triangle area (by an event, a programme, or one logged activity).</summary>
public sealed record PduSplit(decimal WaysOfWorking, decimal PowerSkills, decimal BusinessAcumen)
{
    public static readonly PduSplit None = new(0, 0, 0);

    public decimal Total => WaysOfWorking + PowerSkills + BusinessAcumen;

    public decimal Of(TalentArea area) => area switch
    {
        TalentArea.WaysOfWorking => WaysOfWorking,
        TalentArea.PowerSkills => PowerSkills,
        _ => BusinessAcumen,
    };

    public IEnumerable<(TalentArea Area, decimal Units)> NonZero() =>
        TalentAreas.All.Select(a => (a, Of(a))).Where(p => p.Item2 > 0);

    public string Describe() => Total == 0
        ? "no PDUs"
        : string.Join(", ", NonZero().Select(p => $"{TalentAreas.Format(p.Units)} {TalentAreas.NameOf(p.Area)}"));
}

public static class TalentAreas
{
    public static readonly IReadOnlyList<TalentArea> All = Enum.GetValues<TalentArea>();

    public static string NameOf(TalentArea area) => area switch
    {
        TalentArea.WaysOfWorking => "Ways of Working",
        TalentArea.PowerSkills => "Power Skills",
        _ => "Business Acumen",
    };

    public static bool TryParse(string? text, out TalentArea area)
    {
        var typed = new string((text ?? string.Empty).Where(char.IsLetter).ToArray());
        foreach (var candidate in All)
        {
            if (string.Equals(typed, candidate.ToString(), StringComparison.OrdinalIgnoreCase)
                || (candidate == TalentArea.WaysOfWorking && (typed.Equals("technical", StringComparison.OrdinalIgnoreCase) || typed.Equals("wow", StringComparison.OrdinalIgnoreCase)))
                || (candidate == TalentArea.PowerSkills && (typed.Equals("leadership", StringComparison.OrdinalIgnoreCase) || typed.Equals("power", StringComparison.OrdinalIgnoreCase)))
                || (candidate == TalentArea.BusinessAcumen && (typed.Equals("strategic", StringComparison.OrdinalIgnoreCase) || typed.Equals("business", StringComparison.OrdinalIgnoreCase))))
            {
                area = candidate;
                return true;
            }
        }

        area = default;
        return false;
    }

    /// <summary>PDUs as people write them: <c>8</c>, <c>2.5</c>, <c>0.25</c>.</summary>
    public static string Format(decimal units) => units.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
