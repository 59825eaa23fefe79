using PmoBot.Opportunities;
using PmoBot.People;

namespace PmoBot.Tests.Opportunities;

/// <summary>A deal's line in the lists: an open deal says when it closes; a won or lost one has closed, so it does not.</summary>
public sealed class OpportunityLineTests
{
    private static readonly PmoUser Owner = new("owner-key", "Lynne Robbins", null, null, "Europe/London", new HashSet<Role>(), false, null);

    [Theory]
    [InlineData(OpportunityStage.Won)]
    [InlineData(OpportunityStage.Lost)]
    [InlineData(OpportunityStage.Withdrawn)]
    public void A_closed_deal_has_no_close_date_to_come_and_an_open_one_keeps_it(OpportunityStage closed)
    {
        var open = OpportunityHarness.Valid("OPP-900", Owner);

        Assert.Contains(" · closes ", OpportunityText.Line(open), StringComparison.Ordinal);
        Assert.DoesNotContain("closes", OpportunityText.Line(open with { Stage = closed }), StringComparison.Ordinal);
    }
}
