using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Reviews.Templates;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Opportunities;

public sealed class OpportunityReviewCardsTests
{
    private static readonly ReviewTemplate Version1 = new(1, OpportunityQuestionnaire.Questions, "PmoBot", DateTimeOffset.UnixEpoch);

    [Fact]
    public void The_review_before_is_dated_as_people_read_dates_on_the_viewers_own_calendar()
    {
        // 20:00 UTC on the 12th is already the 13th in Kolkata.
        var viewer = new PmoUser("alex-key", "Alex Wilber", null, null, "Asia/Kolkata", new HashSet<Role> { Role.Pmo }, false, null);
        var scorecard = Scorecard.Of(Version1, ReviewAnswers.Empty, new OpportunitiesOptions().Thresholds);
        OpportunityReview Review(string id, OpportunityStage stage, DateTimeOffset at) =>
            new("OPP-1", id, stage, 1, ReviewAnswers.Empty, scorecard.Score, scorecard.ScoreBand, [], null, viewer.UserKey, viewer.Name, at);
        var previous = Review("r1", OpportunityStage.Qualify, new DateTimeOffset(2027, 2, 12, 20, 0, 0, TimeSpan.Zero));
        var review = Review("r2", OpportunityStage.Propose, new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));

        var card = OpportunityReviewCards.Result(OpportunityHarness.Valid("OPP-1", viewer), review, Version1, scorecard, [], [], previous, Version1, 2, viewer, null);

        Assert.Contains(("Review before", "at Qualify, 13 Feb 2027, v1"), FactsOf(card));
    }
}
