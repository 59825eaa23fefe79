using System.Globalization;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.CheckIn;

namespace PmoBot.Opportunities;

/// <summary>The delivery-risk review's commands, the leader's override and the won handover.</summary>
public sealed class OpportunityReviewCommands(OpportunityReviewer reviewer, OpportunityHandover handover) : ICommandModule
{
    private static readonly IReadOnlySet<Role> Leaders = new HashSet<Role> { Role.Leader };

    public IEnumerable<CommandDefinition> Commands =>
    [
        new("opportunity review", "opportunity review ‹code›", "The delivery-risk review: deal-killers, then ten dimensions scored 1 to 5, one question at a time (or on a card)", ProjectAccess.AnyRole, ReviewAsync),
        new("opportunity result", "opportunity result ‹code›", "The latest review's result: score, go or no-go, conditions, risks, past lessons and what changed", ProjectAccess.AnyRole, ResultAsync),
        new("opportunity override", "opportunity override ‹code› ‹reason›", "Go on despite a deal-killer, with your reason (leaders)", Leaders, OverrideAsync),
        new("opportunity won", "opportunity won ‹code› [project code]", "Won: create the project with the review's risks and send the PM the handover card", ProjectAccess.AnyRole, WonAsync),
    ];

    private Task<Reply> ReviewAsync(CommandRequest request, CancellationToken cancellationToken) =>
        OpportunityCommands.CodeProblem(request.Arguments, "opportunity review", out var code, out _) is { } problem
            ? Task.FromResult(problem)
            : reviewer.StartAsync(request, code, cancellationToken);

    private Task<Reply> ResultAsync(CommandRequest request, CancellationToken cancellationToken) =>
        OpportunityCommands.CodeProblem(request.Arguments, "opportunity result", out var code, out _) is { } problem
            ? Task.FromResult(problem)
            : reviewer.ResultAsync(request.Caller, code, null, null, cancellationToken);

    private Task<Reply> OverrideAsync(CommandRequest request, CancellationToken cancellationToken) =>
        OpportunityCommands.CodeProblem(request.Arguments, "opportunity override", out var code, out var reason) is { } problem
            ? Task.FromResult(problem)
            : reviewer.OverrideAsync(request.Caller, code, reason, cancellationToken);

    private Task<Reply> WonAsync(CommandRequest request, CancellationToken cancellationToken) =>
        OpportunityCommands.CodeProblem(request.Arguments, "opportunity won", out var code, out var project) is { } problem
            ? Task.FromResult(problem)
            : handover.WinAsync(request.Caller, code, project.Length == 0 ? null : project, cancellationToken);
}

/// <summary>The review form's Submit: answers read by the weekly review's parser; problems come back on the same card.</summary>
public sealed class OpportunityReviewSubmitCardAction(OpportunityReviewer reviewer, TimeProvider time) : ICardActionHandler
{
    public string Verb => OpportunityReviewCards.SubmitVerb;

    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var code = request.Field(OpportunityReviewCards.CodeField);
        var formId = request.Field(OpportunityReviewCards.FormField);
        if (code is null || formId is null || !Guid.TryParseExact(formId, "N", out _)
            || !int.TryParse(request.Field(OpportunityReviewCards.VersionField), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return Reply.Message("That Submit button did not say which review it was for, so nothing was submitted. Type **opportunity review ‹code›** to open the review again.");
        }

        var template = await reviewer.Templates.GetAsync(version, cancellationToken);
        var (stored, refusal) = await reviewer.ReviewableAsync(request.Caller, code, cancellationToken);
        if (template is null || stored is null)
        {
            return refusal ?? Reply.Message($"That form answers questionnaire version {version}, which PmoBot does not have. Type **opportunity review {code}** for the current one. Nothing was submitted.");
        }

        var culture = ChatCulture.From(request.Locale);
        var today = UserTimeZones.DateAt(time.GetUtcNow(), request.Caller.TimeZone);
        var (answers, errors, typed) = ReviewForm.Read(request, template, culture, today);
        if (errors.Count > 0)
        {
            return Reply.WithCard(OpportunityReviewCards.Form(stored.Opportunity, template, formId, answers, today, errors, typed), $"Nothing was submitted yet: {errors.Count} {(errors.Count == 1 ? "answer needs" : "answers need")} a look.");
        }

        var result = await reviewer.SubmitAsync(request.Caller, code, version, answers, formId, cancellationToken);
        if (await reviewer.Sessions.GetAsync(request.Caller.UserKey, cancellationToken) is { } open && open.Session.SessionId == formId)
        {
            await reviewer.Sessions.TryDeleteAsync(request.Caller.UserKey, open.ETag, cancellationToken);
        }

        return result;
    }
}

/// <summary>The result card's refresh: the same review's result for whoever views it, with the deal as it is now (no Mark won once it is closed).</summary>
public sealed class OpportunityResultViewCardAction(OpportunityReviewer reviewer, OpportunityReviewStore reviews) : ICardActionHandler
{
    public string Verb => OpportunityReviewCards.ViewVerb;

    /// <summary>As <c>opportunity result ‹code›</c>.</summary>
    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        if (request.Field(OpportunityReviewCards.CodeField) is not { } code)
        {
            return OpportunityCards.ButtonWithoutCode;
        }

        // A review id the card names but storage does not have (an edited card) shows the latest, as the command does.
        // Ids are GUIDs or demo-‹code›: anything longer is not one, and is not sent to storage as a key.
        var review = request.Field(OpportunityReviewCards.ReviewField) is { Length: <= 64 } id && ProjectText.IsCode(ProjectText.NormalizeCode(code))
            ? await reviews.GetAsync(code, id, cancellationToken)
            : null;
        return await reviewer.ResultAsync(request.Caller, code, review, null, cancellationToken);
    }
}

/// <summary>The result card's "Override the deal-killers" (leaders).</summary>
public sealed class OpportunityOverrideCardAction(OpportunityReviewer reviewer) : ICardActionHandler
{
    public string Verb => OpportunityReviewCards.OverrideVerb;

    public IReadOnlySet<Role> AllowedRoles { get; } = new HashSet<Role> { Role.Leader };

    public Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        request.Field(OpportunityReviewCards.CodeField) is { } code
            ? reviewer.OverrideAsync(request.Caller, code, request.Field(OpportunityReviewCards.ReasonField), cancellationToken)
            : Task.FromResult(OpportunityCards.ButtonWithoutCode);
}
