namespace PmoBot.Reviews.Templates;

/// <summary>Red, amber, green: worse first, so comparisons read naturally (<c>Red &lt; Green</c>).</summary>
public enum Rag
{
    Red,
    Amber,
    Green,
}

public enum RiskLevel
{
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>A risk named in a review; its score (probability x impact, 1 to 9) ranks it across the portfolio.</summary>
public sealed record RiskEntry(string Description, RiskLevel Probability, RiskLevel Impact)
{
    public int Score => (int)Probability * (int)Impact;
}
