using PmoBot.Commands;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Portfolio;

/// <summary>How portfolio views word RAGs, trends, reasons and milestones (numbers and money come from <see cref="ReviewHistoryText"/>).</summary>
public static class PortfolioText
{
    public const string NoReviewYet = "no review yet";

    /// <summary>Reasons and risks are cut to this in lists; the status card shows them in full.</summary>
    public const int ShortTextLength = 160;

    /// <summary>"🔴 Red", or "❔ no RAG given" for a review that left it out.</summary>
    public static string Rag(Rag? rag) => rag is { } r ? $"{ReviewHistoryText.Symbol(r)} {r}" : $"{ReviewHistoryText.NoRagSymbol} no RAG given";

    /// <summary>"↓ worse (was Amber)", "↑ better (was Red)", "→ same", or empty when there is nothing to compare with.</summary>
    public static string Trend(Rag? current, Rag? previous) => (current, previous) switch
    {
        ({ } now, { } before) when now < before => $"↓ worse (was {before})",
        ({ } now, { } before) when now > before => $"↑ better (was {before})",
        ({ }, { }) => "→ same",
        _ => string.Empty,
    };

    public static string RagWithTrend(Rag? current, Rag? previous)
    {
        var trend = Trend(current, previous);
        return trend.Length == 0 ? Rag(current) : $"{Rag(current)} {trend}";
    }

    /// <summary>The overall RAG of a project as lists show it, or "no review yet".</summary>
    public static string Overall(PortfolioEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Reviewed is { } status ? Rag(status.Overall) : NoReviewYet;
    }

    /// <summary>Why a project is red or amber: the PM's summary, else the dimensions at the worst RAG ("Schedule and cost red").</summary>
    public static string MainReason(LatestStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!string.IsNullOrWhiteSpace(status.Summary))
        {
            return Shorten(status.Summary);
        }

        var rated = status.Dimensions.Where(d => d.Current is not null).ToList();
        if (rated.Count == 0)
        {
            return "no summary or dimension RAGs given";
        }

        var worst = rated.Min(d => d.Current!.Value);
        var names = rated.Where(d => d.Current == worst).Select(d => d.Dimension.ToLowerInvariant()).ToList();
        var list = names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";
        return $"{Dimension(list)} {worst.ToString().ToLowerInvariant()}";
    }

    /// <summary>"Stakeholders" for the question id <c>stakeholders</c>.</summary>
    public static string Dimension(string id) => id.Length == 0 ? id : char.ToUpperInvariant(id[0]) + id[1..];

    /// <summary>
    /// The next milestone: the PM's answer in the latest review ("Go-live, forecast 2026-10-15"), else the register's
    /// next open milestone with its forecast and baseline dates.
    /// </summary>
    public static string NextMilestone(PortfolioEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Reviewed is { NextMilestone: { Length: > 0 } name } status)
        {
            return status.NextMilestoneDate is { } date ? $"{name}, forecast {DateText.Display(date)}" : $"{name} (no forecast date given)";
        }

        var open = entry.Project.Milestones.Where(m => !m.Completed).OrderBy(m => m.ForecastDate).FirstOrDefault();
        return open is null
            ? "none open"
            : open.ForecastDate == open.BaselineDate
                ? $"{open.Name}, forecast {DateText.Display(open.ForecastDate)} (register)"
                : $"{open.Name}, forecast {DateText.Display(open.ForecastDate)}, baseline {DateText.Display(open.BaselineDate)} (register)";
    }

    /// <summary>"9 · High / High": a risk's score (probability × impact) and its levels.</summary>
    public static string Score(RiskEntry risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return $"{risk.Score} · {risk.Probability} / {risk.Impact}";
    }

    public static string Shorten(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flat = text.ReplaceLineEndings(" ").Trim();
        if (flat.Length <= ShortTextLength)
        {
            return flat;
        }

        // Never keep half of a surrogate pair.
        var keep = char.IsHighSurrogate(flat[ShortTextLength - 2]) ? ShortTextLength - 2 : ShortTextLength - 1;
        return string.Concat(flat.AsSpan(0, keep).TrimEnd(), "…");
    }
}
