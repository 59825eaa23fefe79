using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.History;

/// <summary>
/// Derives a project's <see cref="LatestStatus"/> from its history, newest first. Deriving rather than patching the
/// stored status means a late review of an older period never displaces a newer one, a correction never counts its
/// own earlier answers as "the previous review", and repeating a write after a failure always lands on the same row.
/// </summary>
public static class LatestStatusBuilder
{
    /// <summary>Long texts are cut here: views show a summary, and the full text stays in the history row.</summary>
    public const int MaxTextLength = 2_000;

    public const int MaxRisks = 10;

    /// <summary>
    /// True once <paramref name="newestFirst"/> holds everything <see cref="Build"/> reads: the latest submitted review
    /// and the one before (or the whole history). Lets the caller stop reading.
    /// </summary>
    public static bool HasEnough(IEnumerable<ReviewRecord> newestFirst) => newestFirst.Count(r => r.IsSubmitted) >= 2;

    public static LatestStatus Build(Project project, IReadOnlyList<ReviewRecord> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(newestFirst);
        var submitted = newestFirst.Where(r => r.IsSubmitted).Take(2).ToList();
        var latest = submitted.ElementAtOrDefault(0);
        var previous = submitted.ElementAtOrDefault(1);
        // Weeks on leave are neither a review nor a miss: they do not end a streak of misses, nor count in it.
        var missedSince = newestFirst.TakeWhile(r => !r.IsSubmitted).Where(r => r.IsMissed).ToList();
        var answers = latest?.Answers ?? ReviewAnswers.Empty;
        return new LatestStatus(
            project.Code,
            project.Name,
            project.BusinessUnit,
            project.Manager.UserKey,
            project.Manager.Name,
            project.Deputy?.UserKey,
            latest?.Answers.Rag(WellKnownQuestions.Overall),
            previous?.Answers.Rag(WellKnownQuestions.Overall),
            WellKnownQuestions.Dimensions.Select(d => new DimensionRag(d, latest?.Answers.Rag(d), previous?.Answers.Rag(d))).ToList(),
            answers.Number(WellKnownQuestions.PercentComplete),
            latest?.EarnedValue,
            Cut(answers.Text(WellKnownQuestions.NextMilestone)),
            answers.Date(WellKnownQuestions.NextMilestoneDate),
            answers.Risks(WellKnownQuestions.TopRisks)
                .OrderByDescending(r => r.Score)
                .Take(MaxRisks)
                .Select(r => r with { Description = Cut(r.Description)! })
                .ToList(),
            Cut(answers.Text(WellKnownQuestions.Issues)),
            Cut(answers.Text(WellKnownQuestions.Decisions)),
            Cut(answers.Text(WellKnownQuestions.Summary)),
            latest?.Period,
            latest?.SubmittedByKey,
            latest?.SubmittedByName,
            latest?.RecordedAt,
            missedSince.Count,
            missedSince.Count == 0 ? null : missedSince[0].Period);
    }

    private static string? Cut(string? text)
    {
        if (text is not { Length: > MaxTextLength })
        {
            return text;
        }

        var keep = MaxTextLength - 1;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            // Never keep half of a surrogate pair.
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }
}
