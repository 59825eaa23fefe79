using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Warnings.Rules;

/// <summary>Reading RAG answers across submitted reviews.</summary>
internal static class RagHistory
{
    public static string Name(string dimension) => dimension switch
    {
        WellKnownQuestions.Overall => "Overall",
        _ => char.ToUpperInvariant(dimension[0]) + dimension[1..],
    };

    /// <summary>How many submitted reviews in a row, newest first, answered <paramref name="rag"/> for the dimension.</summary>
    public static int Streak(IReadOnlyList<ReviewRecord> submitted, string dimension, Rag rag) =>
        submitted.TakeWhile(r => r.Answers.Rag(dimension) == rag).Count();

    /// <summary>The review just before a streak and its answer, when there is one.</summary>
    public static (ReviewRecord Review, Rag? Rag)? Before(IReadOnlyList<ReviewRecord> submitted, string dimension, int streak) =>
        streak < submitted.Count ? (submitted[streak], submitted[streak].Answers.Rag(dimension)) : null;
}

/// <summary><c>dimension-red</c>: the overall RAG or any dimension is red in the latest submitted review.</summary>
public sealed class DimensionRedRule : IWarningRule
{
    public const string RuleId = "dimension-red";

    public string Id => RuleId;

    public string Title => "Red RAG";

    public string Explanation =>
        "The overall RAG or a dimension (scope, schedule, cost, quality, risk, stakeholders) turned red in the latest review: the PM says it needs help now. Critical when the overall RAG is red.";

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Latest is not { } latest)
        {
            return null;
        }

        var red = WellKnownQuestions.Dimensions.Prepend(WellKnownQuestions.Overall).Where(d => latest.Answers.Rag(d) == Rag.Red).ToList();
        if (red.Count == 0)
        {
            return null;
        }

        var names = red.Select(RagHistory.Name).ToList();
        var headline = names.Count == 1 ? $"{names[0]} is red" : $"{string.Join(", ", names[..^1])} and {names[^1]} are red";
        var trend = string.Join("; ", red.Select(d => Trend(context.Submitted, d))) + ".";
        var severity = red.Contains(WellKnownQuestions.Overall) ? WarningSeverity.Critical : WarningSeverity.Watch;
        return new WarningSignal(RuleId, severity, headline, trend);
    }

    private static string Trend(IReadOnlyList<ReviewRecord> submitted, string dimension)
    {
        var streak = RagHistory.Streak(submitted, dimension, Rag.Red);
        var name = RagHistory.Name(dimension);
        var before = RagHistory.Before(submitted, dimension, streak);
        var was = before is { Rag: { } rag } ? $", was {rag} in {before.Value.Review.Period}" : string.Empty;
        return streak == 1
            ? $"{name} turned red in {submitted[0].Period}{was}"
            : $"{name} red for {WarningText.Count(streak)} reviews since {submitted[streak - 1].Period}{was}";
    }
}

/// <summary><c>amber-streak</c>: the overall RAG amber in the last N submitted reviews.</summary>
public sealed class AmberStreakRule(WarningsOptions options) : IWarningRule
{
    public const string RuleId = "amber-streak";

    public string Id => RuleId;

    public string Title => "Amber for weeks";

    public string Explanation =>
        $"The overall RAG has been amber for {WarningText.Count(options.AmberStreakReviews)} reviews in a row: a project that stays amber rarely recovers on its own. Info; watch at twice that.";

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var streak = RagHistory.Streak(context.Submitted, WellKnownQuestions.Overall, Rag.Amber);
        if (streak < options.AmberStreakReviews)
        {
            return null;
        }

        var before = RagHistory.Before(context.Submitted, WellKnownQuestions.Overall, streak);
        var trend = before is { Rag: { } rag }
            ? $"Amber since {context.Submitted[streak - 1].Period}; {rag} in {before.Value.Review.Period} before that."
            : $"Amber in every review since {context.Submitted[streak - 1].Period}.";
        var severity = streak >= 2 * options.AmberStreakReviews ? WarningSeverity.Watch : WarningSeverity.Info;
        return new WarningSignal(RuleId, severity, $"Overall amber for {WarningText.Count(streak)} reviews in a row", trend);
    }
}

/// <summary><c>rag-worsening</c>: the overall RAG worse than two submitted reviews ago.</summary>
public sealed class RagWorseningRule : IWarningRule
{
    public const string RuleId = "rag-worsening";

    /// <summary>Two reviews back: a one-week dip is noise, a fall over two reviews is a direction.</summary>
    public const int ReviewsBack = 2;

    public string Id => RuleId;

    public string Title => "RAG worsening";

    public string Explanation =>
        "The overall RAG is worse than two reviews ago (green to amber, amber to red): the project is heading the wrong way. Critical when it is now red.";

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var submitted = context.Submitted;
        if (submitted.Count <= ReviewsBack
            || submitted[0].Answers.Rag(WellKnownQuestions.Overall) is not { } now
            || submitted[ReviewsBack].Answers.Rag(WellKnownQuestions.Overall) is not { } then
            || now >= then)
        {
            return null;
        }

        var path = string.Join(" → ", submitted.Take(ReviewsBack + 1).Reverse().Select(r => $"{r.Answers.Rag(WellKnownQuestions.Overall)?.ToString() ?? "no RAG"} ({r.Period})"));
        return new WarningSignal(
            RuleId,
            now == Rag.Red ? WarningSeverity.Critical : WarningSeverity.Watch,
            $"Overall {now}, worse than {then} {WarningText.ReviewsAgo(ReviewsBack)}",
            path + ".");
    }
}
