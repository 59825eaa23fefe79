using PmoBot.Projects;

namespace PmoBot.Reviews.Templates;

/// <summary>What kind of answer a question takes; <see cref="AnswerParser"/> knows how to read each from chat.</summary>
public enum QuestionType
{
    /// <summary>Red, amber or green.</summary>
    Rag,

    /// <summary>One of <see cref="Question.Choices"/>.</summary>
    Choice,

    /// <summary>A number within <see cref="Question.Min"/>..<see cref="Question.Max"/>, in <see cref="Question.Unit"/>.</summary>
    Number,

    /// <summary>0 to 100 (typed as <c>40%</c>, <c>40</c> or <c>0.4</c>).</summary>
    Percent,

    /// <summary>An amount in the project's currency, never negative.</summary>
    Money,

    /// <summary>A calendar date.</summary>
    Date,

    /// <summary>Free text.</summary>
    Text,

    /// <summary>A list of risks, each with probability and impact (low, medium, high).</summary>
    Risks,

    /// <summary>
    /// Yes, no or n.a. on following a process (<c>risk-management--q1</c>: the id names the process before the two
    /// dashes); a no comes with the reason and the date it will be fixed by. Asked only in <see cref="Question.Stages"/>.
    /// </summary>
    Compliance,
}

/// <summary>
/// One question of the review template. <see cref="Id"/> is stable across versions: answers and rules refer to it.
/// <see cref="Stages"/> limits a compliance question to projects in those stages (none: every stage); <see cref="Link"/>
/// is the process document a "no" points to. <see cref="Weight"/> is how much a number question counts in a weighted
/// score (the opportunity review's scorecard); the weekly review does not weigh its answers.
/// </summary>
public sealed record Question(
    string Id,
    string Text,
    QuestionType Type,
    bool Required,
    string? Help = null,
    IReadOnlyList<string>? Choices = null,
    decimal? Min = null,
    decimal? Max = null,
    string? Unit = null,
    IReadOnlyList<ProjectStage>? Stages = null,
    string? Link = null,
    decimal? Weight = null)
{
    public IReadOnlyList<string> ChoiceList => Choices ?? [];

    public IReadOnlyList<ProjectStage> StageList => Stages ?? [];

    /// <summary>Asked for a project in <paramref name="stage"/>: questions without stages always are.</summary>
    public bool AppliesIn(ProjectStage stage) => StageList.Count == 0 || StageList.Contains(stage);
}
