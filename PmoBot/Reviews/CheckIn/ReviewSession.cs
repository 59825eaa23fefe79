using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>Where a review in chat stands: answering question <see cref="ReviewSession.Step"/>, or looking at the summary before submitting.</summary>
public enum ReviewStage
{
    Answering,
    Summary,
}

/// <summary>
/// A PM's review in progress in their personal chat: one project at a time, the projects still to do after it in
/// <see cref="Queue"/>. Kept in Table Storage after every answer, so a restart of the bot loses nothing.
/// <see cref="SessionId"/> names this run of the review; it becomes the submission id, which makes a second submit a no-op.
/// With <see cref="Correcting"/> the period's review is already in: <see cref="Defaults"/> are its submitted answers,
/// and submitting replaces it. A <see cref="Submitted"/> session is kept only to answer a second <c>submit</c> (the
/// opportunity review's chat): it is no longer open.
/// </summary>
public sealed record ReviewSession(
    string UserKey,
    string SessionId,
    string ProjectCode,
    string ProjectName,
    string Currency,
    ReviewPeriod Period,
    int TemplateVersion,
    ReviewStage Stage,
    int Step,
    bool Paused,
    bool ReturnToSummary,
    ReviewAnswers Answers,
    ReviewAnswers Defaults,
    IReadOnlyList<string> Queue,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    bool Correcting = false,
    bool Submitted = false)
{
    /// <summary>What the prompts call the defaults: the answers submitted this week when correcting, else last week's.</summary>
    public string DefaultsName => Correcting ? "the submitted ones" : "last week's";
}

/// <summary>A session as stored: the ETag guards the next write, so two windows answering at once cannot overwrite each other.</summary>
public sealed record StoredReviewSession(ReviewSession Session, string ETag);
