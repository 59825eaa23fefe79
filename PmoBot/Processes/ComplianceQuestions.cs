using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Processes;

/// <summary>
/// A process version's compliance questions as review template questions: yes/no/n.a., required, asked only in the
/// process's stages, linking its document. Their ids start with the process key (<c>risk-management--q1</c>), which is
/// how answers, the compliance view and the warning rule know the process.
/// </summary>
public static class ComplianceQuestions
{
    public const int MaxPerProcess = 8;
    public const int MinLength = 5;
    public const int MaxLength = 200;

    /// <summary>The questions typed one per line, checked; errors say what to change.</summary>
    public static IReadOnlyList<string> Read(string? text, List<string> errors)
    {
        var lines = (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.TrimStart('-', '*', '•', ' ').Trim())
            .Where(l => l.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (lines.Count > MaxPerProcess)
        {
            errors.Add($"That is {lines.Count} review questions; a process may ask at most {MaxPerProcess} each week.");
        }

        foreach (var line in lines.Where(l => l.Length is < MinLength or > MaxLength))
        {
            errors.Add($"The review question \"{(line.Length > 40 ? line[..40] + "…" : line)}\" is {line.Length} characters long; write {MinLength} to {MaxLength}.");
        }

        return lines;
    }

    public static IReadOnlyList<ComplianceQuestion> Number(string processKey, IReadOnlyList<string> texts) =>
        texts.Select((text, i) => new ComplianceQuestion(ProcessKey.QuestionId(processKey, i + 1), text)).ToList();

    public static Question ToQuestion(ProcessDefinition process, ComplianceQuestion question) => new(
        question.Id,
        question.Text,
        QuestionType.Compliance,
        Required: true,
        Help: $"From the {process.Name} process.",
        Stages: process.Stages.Count == 0 || process.Stages.Count == Enum.GetValues<ProjectStage>().Length ? null : process.Stages,
        Link: process.DocumentUrl);

    /// <summary>The questionnaire with the process's questions replaced by <paramref name="questions"/> (appended at the end); every other question as it was.</summary>
    public static IReadOnlyList<Question> Merge(IReadOnlyList<Question> current, ProcessDefinition process, IReadOnlyList<ComplianceQuestion> questions) =>
        [
            .. current.Where(q => !(q.Type == QuestionType.Compliance && ProcessKey.OfQuestion(q.Id) == process.Key)),
            .. questions.Select(q => ToQuestion(process, q)),
        ];
}

/// <summary>
/// Publishes a process version's compliance questions as a new version of the review template, through the template's
/// own add-only publishing: a review still records the template version it answered. Merged with whatever version is
/// current at that moment, so a PMO editing the questionnaire meanwhile loses nothing.
/// </summary>
public sealed class ComplianceTemplatePublisher(ReviewTemplateStore templates, ProcessStore processes)
{
    /// <summary>What the template validator says about the questionnaire these questions would make (nothing is published).</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(ProcessDefinition process, IReadOnlyList<ComplianceQuestion> questions, CancellationToken cancellationToken)
    {
        var current = await templates.GetCurrentAsync(cancellationToken);
        return ReviewTemplateValidator.Validate(ComplianceQuestions.Merge(current.Questions, process, questions))
            .Select(e => $"With these review questions the questionnaire would break a rule: {e}")
            .ToList();
    }

    /// <summary>
    /// Makes the current questionnaire ask the version's questions (publishing a template version when that changes it)
    /// and records on the process version which template version asks them. Returns that template version.
    /// </summary>
    public async Task<int> PublishAsync(ProcessDefinition process, ProcessVersion version, string publishedBy, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= ReviewTemplateStore.MaxPublishAttempts; attempt++)
        {
            var current = await templates.GetCurrentAsync(cancellationToken);
            var merged = ComplianceQuestions.Merge(current.Questions, process, version.ComplianceQuestions);
            var asked = ReviewTemplatePublisher.SameQuestions(merged, current.Questions)
                ? current
                : await templates.TryPublishAfterAsync(current.Version, merged, publishedBy, cancellationToken);
            if (asked is not null)
            {
                await processes.SetTemplateVersionAsync(process.Key, version.Number, asked.Version, cancellationToken);
                return asked.Version;
            }
        }

        throw new ConcurrencyConflictException(ReviewTemplateStore.TableName, ReviewTemplateStore.Partition, "(next version)", ReviewTemplateStore.MaxPublishAttempts);
    }
}
