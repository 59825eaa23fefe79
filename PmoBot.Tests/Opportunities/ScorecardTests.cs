using PmoBot.Opportunities;
using PmoBot.Reviews.Templates;

namespace PmoBot.Tests.Opportunities;

/// <summary>The scorecard against hand-computed examples, the band boundaries, deal-killers and overrides.</summary>
public sealed class ScorecardTests
{
    private static readonly BandThresholds Defaults = new OpportunitiesOptions().Thresholds;

    private static readonly ReviewTemplate Version1 = new(1, OpportunityQuestionnaire.Questions, "PmoBot", DateTimeOffset.UnixEpoch);

    /// <summary>The ten dimensions in questionnaire order (weights 10,10,10,10,15,10,10,10,10,5) with these scores, every deal-killer no.</summary>
    private static ReviewAnswers Scores(params int[] scores)
    {
        var answers = ReviewAnswers.Empty;
        foreach (var killer in OpportunityQuestionnaire.DealKillers(Version1))
        {
            answers = answers.With(killer.Id, OpportunityQuestionnaire.No);
        }

        foreach (var (dimension, score) in OpportunityQuestionnaire.Dimensions(Version1).Zip(scores))
        {
            answers = answers.With(dimension.Id, score.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return answers;
    }

    [Theory]
    [InlineData(new[] { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 }, 100, Band.Go)]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 20, Band.NoGo)]
    // 300 + 30 (scope 3→5) + 20 (fit 3→5) = 350 of 500 → 70: the first go.
    [InlineData(new[] { 5, 3, 3, 3, 5, 3, 3, 3, 3, 3 }, 70, Band.Go)]
    // 300 + 30 (scope) + 10 (fit 3→4) + 5 (third parties 3→4) = 345 → 69: conditional.
    [InlineData(new[] { 4, 3, 3, 3, 5, 3, 3, 3, 3, 4 }, 69, Band.Conditional)]
    // 200 + 45 (scope 2→5) + 5 (third parties 2→3) = 250 → 50: the first conditional.
    [InlineData(new[] { 2, 2, 2, 2, 5, 2, 2, 2, 2, 3 }, 50, Band.Conditional)]
    // 200 + 45 (scope 2→5) = 245 → 49: no-go.
    [InlineData(new[] { 2, 2, 2, 2, 5, 2, 2, 2, 2, 2 }, 49, Band.NoGo)]
    // 10·4 + 10·2 + 10·3 + 10·5 + 15·1 + 10·4 + 10·3 + 10·2 + 10·4 + 5·5 = 310 → 62.
    [InlineData(new[] { 4, 2, 3, 5, 1, 4, 3, 2, 4, 5 }, 62, Band.Conditional)]
    public void The_score_is_the_weighted_sum_normalised_to_100_and_its_band_follows_the_thresholds(int[] scores, double expected, Band band)
    {
        var card = Scorecard.Of(Version1, Scores(scores), Defaults);

        Assert.Equal((decimal)expected, card.Score);
        Assert.Equal(band, card.ScoreBand);
        Assert.Equal(band, card.Decide(null));
        Assert.Empty(card.DealKillers);
    }

    [Fact]
    public void Scores_round_to_one_decimal_and_69_point_9_is_still_conditional()
    {
        var weights = new[] { 3m, 7m };
        var template = new ReviewTemplate(
            2,
            [new("a", "A: a?", QuestionType.Number, true, Min: 1, Max: 5, Weight: weights[0]), new("b", "B: b?", QuestionType.Number, true, Min: 1, Max: 5, Weight: weights[1])],
            "PMO",
            DateTimeOffset.UnixEpoch);

        // (3·5 + 7·3) / 50 = 36/50 = 72; (3·1 + 7·4) / 50 = 31/50 = 62; thresholds moved to 72.1 make 72 conditional.
        Assert.Equal(72m, Scorecard.Of(template, ReviewAnswers.Empty.With("a", "5").With("b", "3"), Defaults).Score);
        Assert.Equal(Band.Conditional, Scorecard.Of(template, ReviewAnswers.Empty.With("a", "5").With("b", "3"), new BandThresholds(72.1m, 50)).ScoreBand);
        Assert.Equal(62m, Scorecard.Of(template, ReviewAnswers.Empty.With("a", "1").With("b", "4"), Defaults).Score);
        Assert.Equal(Band.Conditional, Defaults.BandOf(69.9m));
        Assert.Equal(Band.Go, Defaults.BandOf(70.0m));
        Assert.Equal(Band.NoGo, Defaults.BandOf(49.9m));
    }

    [Fact]
    public void Any_deal_killer_answered_yes_is_a_no_go_until_a_leader_overrides_it_and_then_the_score_decides()
    {
        var answers = Scores(5, 5, 5, 5, 5, 5, 5, 5, 5, 5).With("killer-liability", OpportunityQuestionnaire.Yes);
        var card = Scorecard.Of(Version1, answers, Defaults);

        Assert.Equal(["killer-liability"], card.DealKillers);
        Assert.Equal(100m, card.Score);
        Assert.Equal(Band.NoGo, card.Decide(null));
        Assert.Equal(Band.Go, card.Decide(new DealKillerOverride("leader", "Isaiah", "Parent company guarantee caps it", DateTimeOffset.UnixEpoch)));

        // Its twin: the same review with every deal-killer no is a go without anyone's say.
        Assert.Equal(Band.Go, Scorecard.Of(Version1, Scores(5, 5, 5, 5, 5, 5, 5, 5, 5, 5), Defaults).Decide(null));
    }

    [Fact]
    public void A_review_reads_each_risks_owner_and_contingency_and_fills_the_defaults_where_none_is_named()
    {
        var answers = ReviewAnswers.Empty.With(
            OpportunityQuestionnaire.Risks,
            ReviewAnswers.Canonical([new RiskEntry("Key architect unavailable owner: Megan Bowen plan: pair with the vendor's architect", RiskLevel.Medium, RiskLevel.High), new RiskEntry("Customer data late", RiskLevel.High, RiskLevel.Medium)]));
        var review = new OpportunityReview("OPP-1", "r1", OpportunityStage.Propose, 1, answers, 80, Band.Go, [], null, "k", "Alex", DateTimeOffset.UnixEpoch);

        var risks = review.Risks("Adele Vance", ReviewRiskText.NoPlan);

        Assert.Equal(new ReviewRisk("OPP-1-R1", "Key architect unavailable", RiskLevel.Medium, RiskLevel.High, "Megan Bowen", "pair with the vendor's architect"), risks[0]);
        Assert.Equal(new ReviewRisk("OPP-1-R2", "Customer data late", RiskLevel.High, RiskLevel.Medium, "Adele Vance", ReviewRiskText.NoPlan), risks[1]);
    }

    [Theory]
    [InlineData("3.5")]
    [InlineData("4,5")]
    public void A_dimension_scored_between_two_levels_is_refused_as_not_a_whole_number(string typed)
    {
        var dimension = OpportunityQuestionnaire.Dimensions(Version1).First(q => q.Weight is > 0);

        var parsed = AnswerParser.Parse(dimension, typed, System.Globalization.CultureInfo.GetCultureInfo(typed.Contains(',', StringComparison.Ordinal) ? "de-DE" : "en-GB"), new DateOnly(2026, 12, 7));

        Assert.EndsWith("is not a whole number: score it with a whole number from 1 to 5.", Assert.IsType<AnswerParse.Invalid>(parsed).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("5")]
    [InlineData("3.0")]
    public void A_dimension_scored_with_a_whole_level_is_taken(string typed)
    {
        var dimension = OpportunityQuestionnaire.Dimensions(Version1).First(q => q.Weight is > 0);

        var parsed = Assert.IsType<AnswerParse.Ok>(AnswerParser.Parse(dimension, typed, System.Globalization.CultureInfo.GetCultureInfo("en-GB"), new DateOnly(2026, 12, 7)));

        Assert.Equal(decimal.Parse(typed, System.Globalization.CultureInfo.InvariantCulture), ReviewAnswers.Empty.With(dimension.Id, parsed.Canonical).Number(dimension.Id));
    }

    [Fact]
    public void The_default_questionnaire_is_a_valid_template_with_five_deal_killers_and_ten_weighted_dimensions()
    {
        Assert.Empty(ReviewTemplateValidator.Validate(OpportunityQuestionnaire.Questions));
        Assert.Empty(OpportunityQuestionnaire.Problems(OpportunityQuestionnaire.Questions));
        Assert.Equal(5, OpportunityQuestionnaire.DealKillers(Version1).Count());
        Assert.Equal(10, OpportunityQuestionnaire.Dimensions(Version1).Count());
        Assert.Equal(100m, OpportunityQuestionnaire.Dimensions(Version1).Sum(d => d.Weight!.Value));

        // A weight is only for a number question: its twin on a number question is accepted.
        var weightedText = new Question("note", "Note?", QuestionType.Text, true, Weight: 5);
        Assert.Contains(ReviewTemplateValidator.Validate([weightedText]), e => e.Contains("\"weight\" is only for questions of type number", StringComparison.Ordinal));
        Assert.Empty(ReviewTemplateValidator.Validate([weightedText with { Type = QuestionType.Number, Min = 1, Max = 5 }]));
        Assert.Contains(ReviewTemplateValidator.Validate([weightedText with { Type = QuestionType.Number, Weight = 0 }]), e => e.Contains("more than 0", StringComparison.Ordinal));
    }
}
