using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Processes;

/// <summary>
/// Keeps the compliance answers of every submitted review in <see cref="ComplianceStore"/>, by week, so the compliance
/// view reads a few partitions instead of every project's history. A review submitted again (late, or corrected)
/// replaces its week's answers.
/// </summary>
public sealed class ComplianceRecorder(ComplianceStore store, ReviewTemplateStore templates) : IReviewEventsObserver
{
    public async Task ReviewSubmittedAsync(Project project, ReviewRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(record);
        var template = await templates.GetAsync(record.TemplateVersion, cancellationToken);
        await store.ReplaceAsync(record.Period, project.Code, RecordsOf(project, record, template), cancellationToken);
    }

    /// <summary>A missed review has no answers: the week simply has none for the project.</summary>
    public Task ReviewMissedAsync(Project project, ReviewPeriod period, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The compliance answers of a review: answers to questions whose id names a process and that read as yes, no or n/a.</summary>
    public static IReadOnlyList<ComplianceRecord> RecordsOf(Project project, ReviewRecord record, ReviewTemplate? template)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(record);
        var records = new List<ComplianceRecord>();
        foreach (var (id, canonical) in record.Answers.All)
        {
            var question = template?.Find(id);
            if ((question is not null && question.Type != QuestionType.Compliance) || ProcessKey.OfQuestion(id) is not { } processKey || ComplianceAnswer.Decode(canonical) is not { } answer)
            {
                continue;
            }

            records.Add(new ComplianceRecord(
                record.Period,
                project.Code,
                project.Name,
                project.BusinessUnit,
                project.Stage,
                project.Manager.UserKey,
                project.Manager.Name,
                processKey,
                id,
                question?.Text ?? id,
                answer,
                record.TemplateVersion,
                record.RecordedAt));
        }

        return records;
    }
}
