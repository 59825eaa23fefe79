using PmoBot.Projects;

namespace PmoBot.Opportunities;

public enum ContractType
{
    FixedPrice,
    TimeAndMaterials,
    Mixed,
}

/// <summary>Where a deal stands in the sales cycle; the last three are closed.</summary>
public enum OpportunityStage
{
    Qualify,
    Propose,
    Negotiate,
    Won,
    Lost,
    Withdrawn,
}

/// <summary>
/// What sales knows that delivery must not rediscover: the customer's problem in their words, scope and exclusions,
/// commercial terms with payment milestones, assumptions and links. The handover card carries it to the new PM.
/// </summary>
public sealed record HandoverNotes(string CustomerProblem, string Scope, string Commercial, string Assumptions, string Links)
{
    public static readonly HandoverNotes Empty = new(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
}

/// <summary>The latest delivery-risk review, kept on the opportunity so the pipeline and the reminders read one row.</summary>
public sealed record ReviewHeadline(string ReviewId, OpportunityStage Stage, decimal Score, Band Band, int TemplateVersion, DateTimeOffset At);

/// <summary>An opportunity of the pipeline. <see cref="OpportunityValidator"/> holds the rules it must satisfy.</summary>
public sealed record Opportunity(
    string Code,
    string Account,
    string Name,
    string BusinessUnit,
    decimal Value,
    string Currency,
    ContractType ContractType,
    OpportunityStage Stage,
    DateOnly ExpectedClose,
    DateOnly DeliveryStart,
    DateOnly? DeliveryEnd,
    ProjectPerson SalesOwner,
    ProjectPerson? ProposedPm,
    string? Sponsor,
    HandoverNotes Notes,
    string? StageReason = null,
    string? ProjectCode = null,
    ReviewHeadline? LatestReview = null)
{
    public bool IsClosed => Stage is OpportunityStage.Won or OpportunityStage.Lost or OpportunityStage.Withdrawn;

    /// <summary>The sales owner and the proposed PM: they see the opportunity whatever their role.</summary>
    public bool Involves(string userKey) =>
        string.Equals(SalesOwner.UserKey, userKey, StringComparison.OrdinalIgnoreCase)
        || (ProposedPm is not null && string.Equals(ProposedPm.UserKey, userKey, StringComparison.OrdinalIgnoreCase));

    public bool IsOwnedBy(string userKey) => string.Equals(SalesOwner.UserKey, userKey, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the latest review was made at the stage the opportunity is in now.</summary>
    public bool ReviewedAtCurrentStage => LatestReview is { } review && review.Stage == Stage;
}

/// <summary>An opportunity as stored: its ETag guards the next update; <paramref name="Closed"/> says when and by whom it was won, lost or withdrawn.</summary>
public sealed record StoredOpportunity(Opportunity Opportunity, string ETag, ChangeStamp LastChange, ChangeStamp? Closed = null);
