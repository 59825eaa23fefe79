namespace PmoBot.Reviews.Templates;

/// <summary>What became of a template the PMO sent, from the edit card or as a file.</summary>
public abstract record TemplatePublishResult
{
    public sealed record Published(ReviewTemplate Template) : TemplatePublishResult;

    /// <summary>The questions are those of the current version, so no version was added.</summary>
    public sealed record Unchanged(ReviewTemplate Current) : TemplatePublishResult;

    public sealed record Invalid(IReadOnlyList<string> Errors) : TemplatePublishResult;

    /// <summary>Someone published a newer version while the sender was editing an older one; nothing was published.</summary>
    public sealed record Superseded(ReviewTemplate Latest) : TemplatePublishResult;
}

/// <summary>
/// Turns the JSON the PMO sent into a new version: validated, compared with the current one, published. Another
/// questionnaire kept the same way (the opportunity review's) passes its own store and the rules it adds.
/// </summary>
public sealed class ReviewTemplatePublisher(ReviewTemplateStore store, Func<IReadOnlyList<Question>, IReadOnlyList<string>>? moreRules = null)
{
    /// <param name="basedOnVersion">The version the sender edited (the edit card knows it), or null to publish after whatever is current (a file).</param>
    public async Task<TemplatePublishResult> PublishAsync(string json, string publishedBy, int? basedOnVersion, CancellationToken cancellationToken)
    {
        var parse = ReviewTemplateJson.Parse(json);
        if (parse is ReviewTemplateParse.Invalid invalid)
        {
            return new TemplatePublishResult.Invalid(invalid.Errors);
        }

        var questions = ((ReviewTemplateParse.Ok)parse).Questions;
        if (moreRules?.Invoke(questions) is { Count: > 0 } broken)
        {
            return new TemplatePublishResult.Invalid(broken);
        }

        var current = await store.GetCurrentAsync(cancellationToken);
        if (basedOnVersion is { } basedOn && basedOn != current.Version)
        {
            return new TemplatePublishResult.Superseded(current);
        }

        if (SameQuestions(questions, current.Questions))
        {
            return new TemplatePublishResult.Unchanged(current);
        }

        if (basedOnVersion is null)
        {
            return new TemplatePublishResult.Published(await store.PublishAsync(questions, publishedBy, cancellationToken));
        }

        // Publishing exactly after the version edited: if someone slipped in a version since the check above, the
        // add fails rather than silently superseding their work.
        return await store.TryPublishAfterAsync(current.Version, questions, publishedBy, cancellationToken) is { } published
            ? new TemplatePublishResult.Published(published)
            : new TemplatePublishResult.Superseded(await store.GetCurrentAsync(cancellationToken));
    }

    /// <summary>Same questions in the same order with the same settings: compared as the JSON they are stored as.</summary>
    public static bool SameQuestions(IReadOnlyList<Question> a, IReadOnlyList<Question> b) =>
        string.Equals(ReviewTemplateJson.Serialize(a), ReviewTemplateJson.Serialize(b), StringComparison.Ordinal);
}
