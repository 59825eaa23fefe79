namespace PmoBot.Development.Certifications;

/// <summary>One bar of the progress card: what is earned against what is needed (null: no minimum).</summary>
public sealed record ProgressBar(string Label, decimal Earned, decimal? Needed)
{
    public decimal Missing => Needed is { } needed ? Math.Max(0, needed - Earned) : 0;
}

/// <summary>
/// Where a credential stands in its cycle: the bars (per Talent Triangle area for PDUs, per year for CPD points), the
/// totals as the rules count them, what is missing, the days left, and whether the pace so far makes the cycle.
/// </summary>
public sealed record PduProgress(
    Certification Certification,
    DateOnly CycleStart,
    DateOnly CycleEnd,
    IReadOnlyList<ProgressBar> Bars,
    decimal Education,
    decimal GivingBackCounted,
    decimal GivingBackLogged,
    decimal Counted,
    decimal Required,
    int DaysLeft,
    decimal Projected,
    bool Behind)
{
    public RenewalRule Rule => Certification.Rule;

    /// <summary>
    /// Education PDUs still to earn: up to the minimum, and never fewer than the Talent Triangle areas still lack (those
    /// are education PDUs too: 2 Power Skills and 2 Business Acumen missing need 4 more education PDUs, not 2.75).
    /// </summary>
    public decimal MissingEducation => Rule.MinEducation is { } min ? Math.Max(Math.Max(0, min - Education), MissingInAreas) : 0;

    private decimal MissingInAreas => Rule.Scheme == RenewalScheme.Pdu ? MissingBars.Sum(b => b.Missing) : 0;

    public decimal MissingTotal => Math.Max(0, Required - Counted);

    public IReadOnlyList<ProgressBar> MissingBars => Bars.Where(b => b.Missing > 0).ToList();

    public bool Complete => MissingTotal == 0 && MissingEducation == 0 && MissingBars.Count == 0;

    /// <summary>
    /// Worth a warning with the cycle's end near: the pace so far does not make it, or (PDUs) a minimum is still open.
    /// For CPD points the current year still running short is not yet a shortfall.
    /// </summary>
    public bool NeedsWarning => !Complete && (Behind || (Rule.Scheme == RenewalScheme.Pdu && (MissingBars.Count > 0 || MissingEducation > 0)));

    /// <summary>"PDUs", or "CPD points" for PeopleCert's yearly points.</summary>
    public string UnitsName => Rule.Scheme == RenewalScheme.Pdu ? "PDUs" : "CPD points";

    /// <summary>
    /// CPD years that ended short: nothing logged now fills them, so this cycle cannot be renewed with points any more.
    /// </summary>
    public IReadOnlyList<ProgressBar> ClosedShortYears
    {
        get
        {
            if (Rule.Scheme != RenewalScheme.CpdPerYear)
            {
                return [];
            }

            var today = CycleEnd.AddDays(-DaysLeft);
            return Bars.Where((b, i) => b.Missing > 0 && CycleStart.AddYears(i + 1) <= today).ToList();
        }
    }

    /// <summary>What is missing, on its own: "Missing: 6 Power Skills, 30 PDUs in all." (the <c>pdus</c> card).</summary>
    public string MissingText() => Shortfall(parts => "Missing: " + parts + ".");

    /// <summary>
    /// What is missing inside a sentence that already says the person is behind ("You are behind on PDUs for your PMP:
    /// 6 Power Skills, 30 PDUs in all still to earn."), where "Missing:" after the colon would read twice.
    /// </summary>
    public string StillToEarnText() => Shortfall(parts => parts + " still to earn.");

    private string Shortfall(Func<string, string> listed)
    {
        if (Complete)
        {
            return "Nothing is missing: the cycle's requirements are met.";
        }

        var closed = ClosedShortYears;
        if (closed.Count > 0)
        {
            // Asking for a past year's points would ask the impossible: say what is still possible instead.
            var open = MissingBars.Except(closed).Select(b => $"{b.Label} still needs {TalentAreas.Format(b.Missing)} CPD points").ToList();
            var years = closed.Count == 1 ? closed[0].Label : string.Join(", ", closed.Take(closed.Count - 1).Select(b => b.Label)) + " and " + closed[^1].Label;
            return $"{years} ended short of the {TalentAreas.Format(Rule.RequiredUnits)} CPD points a year, so points can no longer renew it this cycle"
                + (Rule.RenewByExam ? ": renew it by exam before it expires." : ".")
                + (open.Count > 0 ? $" {string.Join("; ", open)}." : string.Empty);
        }

        var parts = MissingBars.Select(b => Rule.Scheme == RenewalScheme.Pdu ? $"{TalentAreas.Format(b.Missing)} {b.Label}" : $"{TalentAreas.Format(b.Missing)} CPD points in {b.Label}").ToList();
        if (MissingEducation > MissingInAreas)
        {
            // The areas' PDUs are education PDUs: they count towards the education minimum, so say it.
            parts.Add(MissingInAreas > 0 ? $"{TalentAreas.Format(MissingEducation)} education in all (these {TalentAreas.Format(MissingInAreas)} included)" : $"{TalentAreas.Format(MissingEducation)} education");
        }

        if (MissingTotal > 0 && Rule.Scheme == RenewalScheme.Pdu)
        {
            parts.Add($"{TalentAreas.Format(Math.Max(MissingTotal, MissingEducation))} PDUs in all");
        }

        return listed(string.Join(", ", parts));
    }
}

/// <summary>Counts a person's logged PDUs (or CPD points) against a credential's <see cref="RenewalRule"/>.</summary>
public static class PduProgressCalculator
{
    /// <returns>Null for a credential without PDUs or CPD points to keep (or without an expiry to count a cycle to).</returns>
    public static PduProgress? Calculate(Certification certification, IReadOnlyList<PduEntry> log, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(certification);
        ArgumentNullException.ThrowIfNull(log);
        var rule = certification.Rule;
        if (rule.Scheme == RenewalScheme.ExpiryOnly || certification.Cycle is not { } cycle)
        {
            return null;
        }

        var inCycle = log.Where(e => e.EarnedOn >= cycle.Start && e.EarnedOn <= cycle.End).ToList();
        var daysLeft = cycle.End.DayNumber - today.DayNumber;
        return rule.Scheme == RenewalScheme.Pdu
            ? Pdus(certification, rule, inCycle, cycle, today, daysLeft)
            : CpdPoints(certification, rule, inCycle, cycle, today, daysLeft);
    }

    private static PduProgress Pdus(Certification certification, RenewalRule rule, List<PduEntry> entries, (DateOnly Start, DateOnly End) cycle, DateOnly today, int daysLeft)
    {
        var education = entries.Where(e => e.Category == PduCategory.Education).ToList();
        var bars = TalentAreas.All
            .Select(area => new ProgressBar(TalentAreas.NameOf(area), education.Where(e => e.Area == area).Sum(e => e.Units), rule.MinPerTalentArea))
            .ToList();
        var educationTotal = education.Sum(e => e.Units);
        var practitioner = entries.Where(e => e.Category == PduCategory.Practitioner).Sum(e => e.Units);
        var practitionerCounted = rule.MaxPractitioner is { } maxPractitioner ? Math.Min(practitioner, maxPractitioner) : practitioner;
        var givingBackLogged = entries.Where(e => e.Category == PduCategory.GivingBack).Sum(e => e.Units) + practitioner;
        var givingBack = entries.Where(e => e.Category == PduCategory.GivingBack).Sum(e => e.Units) + practitionerCounted;
        var givingBackCounted = rule.MaxGivingBack is { } maxGivingBack ? Math.Min(givingBack, maxGivingBack) : givingBack;
        var counted = educationTotal + givingBackCounted;
        var projected = Project(counted, cycle, today);
        return new PduProgress(certification, cycle.Start, cycle.End, bars, educationTotal, givingBackCounted, givingBackLogged, counted, rule.RequiredUnits, daysLeft, projected, projected < rule.RequiredUnits);
    }

    /// <summary>PeopleCert: the points of each year of validity, against the points a year; the current year's pace counts.</summary>
    private static PduProgress CpdPoints(Certification certification, RenewalRule rule, List<PduEntry> entries, (DateOnly Start, DateOnly End) cycle, DateOnly today, int daysLeft)
    {
        var years = rule.ValidYears ?? 1;
        var bars = new List<ProgressBar>();
        for (var year = 0; year < years; year++)
        {
            var from = cycle.Start.AddYears(year);
            var to = from.AddYears(1);
            var points = entries.Where(e => e.EarnedOn >= from && e.EarnedOn < to).Sum(e => e.Units);
            var label = $"Year {year + 1} ({from.Year}–{to.Year})";
            // A year not begun yet needs nothing yet; the bar shows it all the same.
            bars.Add(new ProgressBar(label, points, from <= today ? rule.RequiredUnits : null));
        }

        var counted = entries.Sum(e => e.Units);
        var required = rule.RequiredUnits * years;
        var current = bars.Select((b, i) => (Bar: b, From: cycle.Start.AddYears(i))).LastOrDefault(b => b.From <= today);
        var currentProjected = current.Bar is null ? 0 : Project(current.Bar.Earned, (current.From, current.From.AddYears(1)), today);
        var finishedShort = bars.Where((b, i) => cycle.Start.AddYears(i + 1) <= today).Any(b => b.Missing > 0);
        var projected = counted - (current.Bar?.Earned ?? 0) + currentProjected + (rule.RequiredUnits * bars.Count(b => b.Needed is null));
        return new PduProgress(certification, cycle.Start, cycle.End, bars, counted, 0, 0, counted, required, daysLeft, projected, finishedShort || currentProjected < rule.RequiredUnits);
    }

    /// <summary>Where the pace so far leads by the end: what is earned, plus the same rate for the days left.</summary>
    private static decimal Project(decimal earned, (DateOnly Start, DateOnly End) span, DateOnly today)
    {
        var elapsed = Math.Max(1, today.DayNumber - span.Start.DayNumber);
        var total = Math.Max(1, span.End.DayNumber - span.Start.DayNumber);
        return elapsed >= total ? earned : earned * total / elapsed;
    }
}
