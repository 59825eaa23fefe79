using PmoBot.Projects;

namespace PmoBot.Reviews.Templates;

/// <summary>A published version of the questionnaire. Versions never change once published; a new one supersedes.</summary>
public sealed record ReviewTemplate(int Version, IReadOnlyList<Question> Questions, string PublishedBy, DateTimeOffset PublishedAt)
{
    /// <summary>True when some question is asked only in some project stages (the compliance questions of processes).</summary>
    public bool HasStageLimits => Questions.Any(q => q.StageList.Count > 0);

    /// <summary>
    /// The questionnaire as a project in <paramref name="stage"/> answers it: the same version, without the questions
    /// of other stages. A review records the version; which questions it was asked follows from the project's stage.
    /// </summary>
    public ReviewTemplate ForStage(ProjectStage stage) =>
        HasStageLimits ? this with { Questions = Questions.Where(q => q.AppliesIn(stage)).ToList() } : this;

    /// <summary>
    /// The questions PmoBot ships with, written to the table the first time anyone needed them: nobody published them,
    /// and the moment they were written is not when they began to apply (a demo's past reviews already answer them).
    /// </summary>
    public bool IsBuiltIn => Version == DefaultTemplate.Version && PublishedBy == ReviewTemplateStore.DefaultPublisher;

    public Question? Find(string id) => Questions.FirstOrDefault(q => string.Equals(q.Id, id, StringComparison.OrdinalIgnoreCase));

    public int IndexOf(string id)
    {
        for (var i = 0; i < Questions.Count; i++)
        {
            if (string.Equals(Questions[i].Id, id, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
