using PmoBot.Development;
using PmoBot.Development.Certifications;

namespace PmoBot.Tests.Development.Certifications;

/// <summary>PMI's CCR and PeopleCert's CPD rules, read from the rules' data, at their boundaries.</summary>
public sealed class PduProgressCalculatorTests
{
    private static readonly DateOnly Issued = new(2024, 3, 12);
    private static readonly DateOnly Today = new(2026, 9, 1);
    private static int counter;

    private static Certification Held(string credential, DateOnly? issued = null, DateOnly? expires = null) =>
        new("pm", "Megan", credential, RenewalRules.Of(credential).Name, "123", issued ?? Issued, expires ?? (issued ?? Issued).AddYears(3), DateTimeOffset.UnixEpoch);

    private static PduEntry Education(TalentArea area, decimal units, DateOnly? on = null) =>
        new("pm", $"e{Interlocked.Increment(ref counter)}", on ?? Issued.AddMonths(6), PduCategory.Education, area, units, "course", DateTimeOffset.UnixEpoch);

    private static PduEntry GivingBack(decimal units, PduCategory category = PduCategory.GivingBack) =>
        new("pm", $"g{Interlocked.Increment(ref counter)}", Issued.AddMonths(6), category, null, units, "volunteering", DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_pmp_with_exactly_sixty_thirty_five_education_eight_per_area_and_twenty_five_giving_back_is_complete()
    {
        var log = new[] { Education(TalentArea.WaysOfWorking, 19), Education(TalentArea.PowerSkills, 8), Education(TalentArea.BusinessAcumen, 8), GivingBack(25) };

        var progress = PduProgressCalculator.Calculate(Held("PMP"), log, Today)!;

        Assert.True(progress.Complete);
        Assert.Equal((35m, 25m, 60m, 60m), (progress.Education, progress.GivingBackCounted, progress.Counted, progress.Required));
        Assert.Equal("Nothing is missing: the cycle's requirements are met.", progress.MissingText());
        Assert.False(progress.NeedsWarning);
    }

    [Fact]
    public void Education_missing_is_never_less_than_the_areas_missing_since_their_pdus_are_education()
    {
        // 32.25 education: 2.75 short of 35, but Power Skills and Business Acumen each lack 2, which is 4 education PDUs.
        var areasShort = PduProgressCalculator.Calculate(Held("PMP"), [Education(TalentArea.WaysOfWorking, 20.25m), Education(TalentArea.PowerSkills, 6), Education(TalentArea.BusinessAcumen, 6), GivingBack(15)], Today)!;
        // Twin: with Ways of Working lower, the education minimum asks for more than the areas do, and says they count in it.
        var educationShort = PduProgressCalculator.Calculate(Held("PMP"), [Education(TalentArea.WaysOfWorking, 15), Education(TalentArea.PowerSkills, 6), Education(TalentArea.BusinessAcumen, 6), GivingBack(15)], Today)!;

        Assert.Equal(4m, areasShort.MissingEducation);
        Assert.Equal("Missing: 2 Power Skills, 2 Business Acumen, 12.75 PDUs in all.", areasShort.MissingText());
        Assert.Equal(8m, educationShort.MissingEducation);
        Assert.Equal("Missing: 2 Power Skills, 2 Business Acumen, 8 education in all (these 4 included), 18 PDUs in all.", educationShort.MissingText());
    }

    [Fact]
    public void A_quarter_short_anywhere_is_not_complete_and_says_what_is_missing()
    {
        var shortTotal = PduProgressCalculator.Calculate(Held("PMP"), [Education(TalentArea.WaysOfWorking, 18.75m), Education(TalentArea.PowerSkills, 8), Education(TalentArea.BusinessAcumen, 8), GivingBack(25)], Today)!;
        var shortArea = PduProgressCalculator.Calculate(Held("PMP"), [Education(TalentArea.WaysOfWorking, 40), Education(TalentArea.PowerSkills, 7.75m), Education(TalentArea.BusinessAcumen, 8), GivingBack(10)], Today)!;
        var shortEducation = PduProgressCalculator.Calculate(Held("PMP"), [Education(TalentArea.WaysOfWorking, 18.75m), Education(TalentArea.PowerSkills, 8), Education(TalentArea.BusinessAcumen, 8), GivingBack(25), GivingBack(2)], Today)!;

        Assert.Equal("Missing: 0.25 education, 0.25 PDUs in all.", shortTotal.MissingText());
        Assert.False(shortArea.Complete);
        Assert.Equal(65.75m, shortArea.Counted);
        Assert.Equal("Missing: 0.25 Power Skills.", shortArea.MissingText());
        Assert.Equal(25m, shortEducation.GivingBackCounted);
        Assert.Equal(27m, shortEducation.GivingBackLogged);
        Assert.Equal("Missing: 0.25 education, 0.25 PDUs in all.", shortEducation.MissingText());
    }

    [Fact]
    public void Giving_back_counts_at_most_twenty_five_of_which_working_as_a_practitioner_at_most_eight()
    {
        var log = new[] { Education(TalentArea.WaysOfWorking, 10), GivingBack(12, PduCategory.Practitioner), GivingBack(10) };

        var progress = PduProgressCalculator.Calculate(Held("PMP"), log, Today)!;

        Assert.Equal(18m, progress.GivingBackCounted);
        Assert.Equal(22m, progress.GivingBackLogged);
        Assert.Equal(28m, progress.Counted);
    }

    [Fact]
    public void Only_pdus_earned_inside_the_cycle_count_both_ends_included()
    {
        var expires = Issued.AddYears(3);
        var log = new[]
        {
            Education(TalentArea.PowerSkills, 4, Issued.AddDays(-1)),
            Education(TalentArea.PowerSkills, 1, Issued),
            Education(TalentArea.PowerSkills, 2, expires),
            Education(TalentArea.PowerSkills, 8, expires.AddDays(1)),
        };

        var progress = PduProgressCalculator.Calculate(Held("PMP"), log, Today)!;

        Assert.Equal(3m, progress.Education);
        Assert.Equal((Issued, expires), (progress.CycleStart, progress.CycleEnd));
        Assert.Equal(expires.DayNumber - Today.DayNumber, progress.DaysLeft);
    }

    [Theory]
    [InlineData("CAPM", 15)]
    [InlineData("PMI-ACP", 30)]
    [InlineData("PGMP", 60)]
    public void Other_pmi_credentials_need_their_own_total(string credential, int required)
    {
        var exactly = PduProgressCalculator.Calculate(Held(credential), [Education(TalentArea.WaysOfWorking, required)], Today)!;
        var under = PduProgressCalculator.Calculate(Held(credential), [Education(TalentArea.WaysOfWorking, required - 0.25m)], Today)!;

        Assert.Equal(required, exactly.Required);
        Assert.Equal(credential != "PGMP", exactly.Complete);
        Assert.False(under.Complete);
    }

    [Fact]
    public void At_the_pace_so_far_half_way_with_a_third_is_behind_and_two_thirds_is_not()
    {
        var halfway = Issued.AddDays((Issued.AddYears(3).DayNumber - Issued.DayNumber) / 2);
        var slow = PduProgressCalculator.Calculate(Held("CAPM"), [Education(TalentArea.WaysOfWorking, 5)], halfway)!;
        var fast = PduProgressCalculator.Calculate(Held("CAPM"), [Education(TalentArea.WaysOfWorking, 8)], halfway)!;

        Assert.True(slow.NeedsWarning);
        Assert.InRange(slow.Projected, 9.9m, 10.1m);
        Assert.False(fast.NeedsWarning);
    }

    [Fact]
    public void Prince2_practitioner_needs_twenty_cpd_points_in_every_year_and_a_short_finished_year_is_behind()
    {
        var cert = Held("PRINCE2-P");
        PduEntry Points(decimal units, DateOnly on) => new("pm", $"c{Interlocked.Increment(ref counter)}", on, PduCategory.Education, TalentArea.WaysOfWorking, units, "cpd", DateTimeOffset.UnixEpoch);
        var inSecondYear = Issued.AddYears(1).AddMonths(6);

        var onTrack = PduProgressCalculator.Calculate(cert, [Points(20, Issued.AddMonths(3)), Points(11, Issued.AddYears(1).AddMonths(1))], inSecondYear)!;
        var shortYear = PduProgressCalculator.Calculate(cert, [Points(19.75m, Issued.AddMonths(3)), Points(15, Issued.AddYears(1).AddMonths(1))], inSecondYear)!;

        Assert.Equal(["Year 1 (2024–2025)", "Year 2 (2025–2026)", "Year 3 (2026–2027)"], onTrack.Bars.Select(b => b.Label));
        Assert.Null(onTrack.Bars[2].Needed);
        Assert.False(onTrack.NeedsWarning);
        Assert.True(shortYear.NeedsWarning);
        Assert.Equal(
            "Year 1 (2024–2025) ended short of the 20 CPD points a year, so points can no longer renew it this cycle: renew it by exam before it expires. Year 2 (2025–2026) still needs 5 CPD points.",
            shortYear.MissingText());
        Assert.Equal("CPD points", shortYear.UnitsName);

        // Its twin: the same points with the first year full leave only this year's to earn.
        var shortThisYear = PduProgressCalculator.Calculate(cert, [Points(20, Issued.AddMonths(3)), Points(1, Issued.AddYears(1).AddMonths(1))], inSecondYear)!;
        Assert.Empty(shortThisYear.ClosedShortYears);
        Assert.Equal("Missing: 19 CPD points in Year 2 (2025–2026).", shortThisYear.MissingText());
    }

    [Fact]
    public void Two_finished_short_years_are_named_together()
    {
        var cert = Held("PRINCE2-P");
        var lastYear = Issued.AddYears(2).AddMonths(11);

        var none = PduProgressCalculator.Calculate(cert, [], lastYear)!;

        Assert.Equal(
            "Year 1 (2024–2025) and Year 2 (2025–2026) ended short of the 20 CPD points a year, so points can no longer renew it this cycle: renew it by exam before it expires. Year 3 (2026–2027) still needs 20 CPD points.",
            none.MissingText());
    }

    [Fact]
    public void A_credential_that_only_expires_has_no_cycle_to_count()
    {
        Assert.Null(PduProgressCalculator.Calculate(Held("PRINCE2-F", expires: new DateOnly(2030, 1, 1)), [Education(TalentArea.PowerSkills, 5)], Today));
        Assert.Null(PduProgressCalculator.Calculate(Held("PMP") with { ExpiresOn = null }, [Education(TalentArea.PowerSkills, 5)], Today));
    }
}
