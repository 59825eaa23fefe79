using System.Globalization;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.History;

/// <summary>How history and KPIs read in cards: RAG symbols, indices, percents, amounts, and "not enough data" for what is unknown.</summary>
public static class ReviewHistoryText
{
    public const string NotEnoughData = "not enough data";

    public const string MissedSymbol = "⚪";

    public const string OnLeaveSymbol = "🌴";

    /// <summary>A submitted review that did not answer the overall RAG.</summary>
    public const string NoRagSymbol = "❔";

    public static string Symbol(Rag rag) => rag switch
    {
        Rag.Red => "🔴",
        Rag.Amber => "🟠",
        _ => "🟢",
    };

    /// <summary>The trend symbol of one review: its overall RAG, or missed.</summary>
    public static string Symbol(ReviewRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.IsOnLeave ? OnLeaveSymbol
            : !record.IsSubmitted
            ? MissedSymbol
            : record.Answers.Rag(WellKnownQuestions.Overall) is { } rag ? Symbol(rag) : NoRagSymbol;
    }

    public static string Index(decimal? index) => index is { } i ? i.ToString("0.00", CultureInfo.InvariantCulture) : NotEnoughData;

    public static string Percent(decimal? percent) => percent is { } p ? p.ToString("0.#", CultureInfo.InvariantCulture) + "%" : NotEnoughData;

    public static string Money(decimal? amount, string currency) => amount is { } a ? Cards.MoneyText.Format(a, currency) : NotEnoughData;

    /// <summary>A forecast worked out from the figures (EAC from CPI, VAC) or a total over projects: to three significant figures.</summary>
    public static string Estimate(decimal? amount, string currency, decimal? roundedLike = null) =>
        amount is { } a ? Cards.MoneyText.Rounded(a, currency, roundedLike: roundedLike) : NotEnoughData;

    /// <summary><c>2026-W10 (2 Mar)</c>: the label and the Monday the week starts on.</summary>
    public static string Period(ReviewPeriod period) =>
        $"{period} ({period.Monday.ToString("d MMM", CultureInfo.InvariantCulture)})";

    /// <summary><c>W23</c>: short enough for a chart's axis; the card's first line says which year.</summary>
    public static string ShortWeek(ReviewPeriod week) => $"W{week.Week.ToString("D2", CultureInfo.InvariantCulture)}";
}
