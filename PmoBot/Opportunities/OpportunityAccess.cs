using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Opportunities;

/// <summary>
/// Who sees and changes opportunities. Sight follows the leaders' business-unit scope, like projects (the app's
/// <see cref="IProjectVisibility"/>): the PMO, admins and unlimited leaders see the whole pipeline, a limited leader their
/// units, and the sales owner and proposed PM the deals they are named on. The PMO and admins change any opportunity; a
/// sales owner changes their own.
/// </summary>
public sealed class OpportunityAccess(IProjectVisibility visibility)
{
    public OpportunityView ViewOf(PmoUser caller) => new(caller, visibility.ViewOf(caller));

    public static bool IsPmo(PmoUser user) => user.HasAny(Roles.PmoOrAdmin);

    public static bool CanChange(PmoUser user, Opportunity opportunity) => IsPmo(user) || opportunity.IsOwnedBy(user.UserKey);

    /// <summary>Reviewing is for those who change the deal and the PM proposed to deliver it.</summary>
    public static bool CanReview(PmoUser user, Opportunity opportunity) =>
        CanChange(user, opportunity) || (opportunity.ProposedPm is { } pm && string.Equals(pm.UserKey, user.UserKey, StringComparison.OrdinalIgnoreCase));
}

/// <summary>What one caller may see of the pipeline.</summary>
public sealed record OpportunityView(PmoUser Caller, IProjectView Projects)
{
    public bool Everything => Projects.Everything;

    public bool CanSee(Opportunity opportunity) =>
        Projects.CanSeeBusinessUnit(opportunity.BusinessUnit) || opportunity.Involves(Caller.UserKey);

    public string Describe() => Projects.Everything
        ? "the whole pipeline"
        : Projects.OnlyOwnProjects ? "the deals you are named on" : $"{Projects.Describe().Replace("the projects you manage", "the deals you are named on", StringComparison.Ordinal)}";

    /// <summary>The refusal for an opportunity the caller may not see; it never tells whether it exists.</summary>
    public string NotVisible(string code) => Everything
        ? $"There is no opportunity {CommandText.Echoed(code)}. Type **opportunities** to see the pipeline."
        : $"I can't show you {CommandText.Echoed(code)}: either it doesn't exist or it isn't one you may see ({Describe()}). Type **opportunities** to see those you may.";
}
