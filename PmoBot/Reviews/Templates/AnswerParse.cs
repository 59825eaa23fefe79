namespace PmoBot.Reviews.Templates;

/// <summary>What <see cref="AnswerParser"/> made of a typed answer: its canonical form, or what was wrong and what to type instead.</summary>
public abstract record AnswerParse
{
    /// <param name="Canonical">The answer as <see cref="ReviewAnswers"/> stores it.</param>
    public sealed record Ok(string Canonical) : AnswerParse;

    /// <param name="Message">For the person answering: what was wrong, and an example of a good answer.</param>
    public sealed record Invalid(string Message) : AnswerParse;
}
