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
}

/// <summary>One question of the review template. <see cref="Id"/> is stable across versions: answers and rules refer to it.</summary>
public sealed record Question(
    string Id,
    string Text,
    QuestionType Type,
    bool Required,
    string? Help = null,
    IReadOnlyList<string>? Choices = null,
    decimal? Min = null,
    decimal? Max = null,
    string? Unit = null)
{
    public IReadOnlyList<string> ChoiceList => Choices ?? [];
}
