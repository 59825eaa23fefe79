using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Development.Events;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Certifications;

/// <summary>The certification cards: a PM's certifications, the PMO's expiring list, PDU progress (a chart with a facts fallback), and the notices.</summary>
public static class CertificationCards
{
    public static JsonObject Mine(string name, IReadOnlyList<(Certification Certification, PduProgress? Progress)> certifications, DateOnly today, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(certifications);
        var body = new List<JsonNode?> { AdaptiveCard.Heading($"Certifications · {name}") };
        if (note is not null)
        {
            body.Add(AdaptiveCard.Text(note, color: "Good"));
        }

        if (certifications.Count == 0)
        {
            body.Add(AdaptiveCard.Text("None recorded yet. Press **Record a certification** (or type **cert add**) to add your PMP, PRINCE2 and others; I then track their PDUs and remind you before they expire."));
        }

        foreach (var (certification, progress) in certifications.OrderBy(c => c.Certification.ExpiresOn ?? DateOnly.MaxValue))
        {
            body.Add(AdaptiveCard.Subheading(certification.Name + (certification.Number is { } number ? $" · {number}" : string.Empty)));
            var facts = new List<(string, string)>
            {
                ("Issued", DateText.Display(certification.IssuedOn)),
                ("Expires", Expiry(certification, today)),
                ("To keep it", certification.Rule.Describe()),
            };
            if (progress is not null)
            {
                facts.Add(("Progress", Summary(progress)));
            }

            body.Add(AdaptiveCard.Facts(facts));
        }

        return AdaptiveCard.Create(
            body,
            [
                AdaptiveCard.SendMessage("Record a certification", "cert add"),
                AdaptiveCard.SendMessage("Log PDUs", "pdu add"),
                AdaptiveCard.SendMessage("PDU progress", "pdus"),
            ]);
    }

    public static JsonObject Expiring(IReadOnlyList<ExpiringCertification> expiring, int days, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(expiring);
        var body = new List<JsonNode?> { AdaptiveCard.Heading($"Certifications expiring in the next {days} days") };
        if (expiring.Count == 0)
        {
            body.Add(AdaptiveCard.Text($"None: no recorded certification expires by {DateText.Display(today.AddDays(days))}."));
        }
        else
        {
            body.Add(AdaptiveCard.Facts(expiring.Take(50).Select(e => ($"{e.PersonName}", $"{e.Name} · {DateText.Display(e.ExpiresOn)} ({DaysText(e.ExpiresOn.DayNumber - today.DayNumber)})"))));
            if (expiring.Count > 50)
            {
                body.Add(AdaptiveCard.Text($"50 of {expiring.Count.ToString(CultureInfo.InvariantCulture)} shown, soonest first; narrow the days.", subtle: true));
            }
        }

        return AdaptiveCard.Create(body);
    }

    /// <summary>One credential's cycle: a bar per Talent Triangle area (or per year of CPD points), with facts for hosts without charts.</summary>
    public static IEnumerable<JsonNode?> Progress(PduProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var rule = progress.Rule;
        var pdu = rule.Scheme == RenewalScheme.Pdu;
        yield return AdaptiveCard.Subheading($"{progress.Certification.Name} · cycle {DateText.Display(progress.CycleStart)} to {DateText.Display(progress.CycleEnd)}");
        yield return AdaptiveCard.Text(Summary(progress), color: progress.Complete ? "Good" : progress.NeedsWarning ? "Warning" : null);
        var title = pdu
            ? rule.MinPerTalentArea is { } min ? $"Education PDUs by Talent Triangle area (at least {TalentAreas.Format(min)} each)" : "Education PDUs by Talent Triangle area"
            : $"CPD points by year ({TalentAreas.Format(rule.RequiredUnits)} a year)";
        var fallback = AdaptiveCard.Facts(progress.Bars.Select(b => (b.Label, BarText(b))));
        yield return Charts.WithNumbers(new JsonObject
        {
            ["type"] = "Chart.HorizontalBar",
            ["title"] = title,
            ["displayMode"] = "AbsoluteWithAxis",
            ["data"] = new JsonArray(progress.Bars.Select(b => (JsonNode)new JsonObject
            {
                ["x"] = b.Label,
                ["y"] = (double)b.Earned,
                ["color"] = b.Needed is null ? "neutral" : b.Missing > 0 ? "warning" : "good",
            }).ToArray()),
            ["fallback"] = fallback,
        });
        if (pdu)
        {
            var facts = new List<(string, string)>
            {
                ("Education", rule.MinEducation is { } minEducation ? $"{TalentAreas.Format(progress.Education)} of at least {TalentAreas.Format(minEducation)}" : TalentAreas.Format(progress.Education)),
                ("Giving back", progress.GivingBackLogged > progress.GivingBackCounted
                    ? $"{TalentAreas.Format(progress.GivingBackLogged)} logged, {TalentAreas.Format(progress.GivingBackCounted)} count (the limit)"
                    : $"{TalentAreas.Format(progress.GivingBackCounted)}" + (rule.MaxGivingBack is { } max ? $" (counts up to {TalentAreas.Format(max)})" : string.Empty)),
                ("Counted", $"{TalentAreas.Format(progress.Counted)} of {TalentAreas.Format(progress.Required)}"),
            };
            yield return AdaptiveCard.Facts(facts);
        }

        yield return AdaptiveCard.Text(progress.MissingText() + $" {DaysText(progress.DaysLeft)}.", subtle: true);
    }

    /// <param name="filling">For a cycle that is behind, upcoming events that earn what is missing (none: not behind, or no such event).</param>
    /// <param name="readerZone">The reader's time zone: the events' times are shown in it.</param>
    public static JsonObject Pdus(string name, IReadOnlyList<PduProgress> progress, IReadOnlyList<PduEntry> recent, string? note = null, IReadOnlyDictionary<PduProgress, IReadOnlyList<EventOffer>>? filling = null, string? readerZone = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(recent);
        var offered = new List<LearningEvent>();
        var body = new List<JsonNode?> { AdaptiveCard.Heading($"PDUs · {name}") };
        if (note is not null)
        {
            body.Add(AdaptiveCard.Text(note, color: "Good"));
        }

        if (progress.Count == 0)
        {
            body.Add(AdaptiveCard.Text("You have no certification with PDUs or CPD points to keep. Record one with **cert add** and I show its cycle here."));
        }

        foreach (var item in progress)
        {
            body.AddRange(Progress(item));
            if (filling?.GetValueOrDefault(item) is { Count: > 0 } events)
            {
                body.AddRange(GapEvents(events, readerZone));
                offered.AddRange(events.Select(e => e.Event).Where(e => !offered.Contains(e)));
            }
        }

        if (recent.Count > 0)
        {
            body.Add(AdaptiveCard.Subheading("Latest activities"));
            body.Add(AdaptiveCard.Facts(recent.OrderByDescending(e => e.EarnedOn).ThenByDescending(e => e.LoggedAt).Take(8)
                .Select(e => ($"{DateText.Display(e.EarnedOn)}", $"{TalentAreas.Format(e.Units)} · {Category(e)} · {e.Activity}"))));
        }

        var actions = OpenEvents(offered);
        actions.Add(AdaptiveCard.SendMessage("Log PDUs", "pdu add"));
        actions.Add(AdaptiveCard.SendMessage("My certifications", "certs"));
        return AdaptiveCard.Create(body, actions);
    }

    private static IEnumerable<JsonNode?> GapEvents(IReadOnlyList<EventOffer> events, string? readerZone)
    {
        yield return AdaptiveCard.Subheading("Upcoming events that fill the gap");
        yield return AdaptiveCard.Facts(events.Select(e => (e.Event.Id, e.Line(readerZone))));
    }

    private static List<JsonNode?> OpenEvents(IEnumerable<LearningEvent> events) =>
        events.Take(3).Select(e => (JsonNode?)AdaptiveCard.SendMessage($"Open {e.Id}", $"event {e.Id}")).ToList();

    /// <summary>The 90/30/7-day reminder before a certification expires.</summary>
    public static JsonObject ExpiryReminder(ExpiringCertification expiring, int daysLeft, PduProgress? progress)
    {
        ArgumentNullException.ThrowIfNull(expiring);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{expiring.Name} expires in {DaysText(daysLeft).Replace(" left", string.Empty, StringComparison.Ordinal)}"),
            AdaptiveCard.Text($"It expires on {DateText.Display(expiring.ExpiresOn)}. {RenewalRules.Of(expiring.CredentialId).Describe()}."),
        };
        if (progress is not null)
        {
            body.AddRange(Progress(progress));
        }

        return AdaptiveCard.Create(body, [AdaptiveCard.SendMessage("PDU progress", "pdus"), AdaptiveCard.SendMessage("Upcoming events", "events")]);
    }

    /// <summary>Six months left and the pace will not make it: what is missing, and upcoming events that earn it.</summary>
    public static JsonObject BehindPace(PduProgress progress, IReadOnlyList<EventOffer> events, string? readerZone)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(events);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{progress.Certification.Name}: behind on {progress.UnitsName}"),
            AdaptiveCard.Text($"{DaysText(progress.DaysLeft)} in the cycle, and at your pace so far you would reach about {TalentAreas.Format(Math.Round(progress.Projected))} of {TalentAreas.Format(progress.Required)}. {progress.MissingText()}", color: "Warning"),
        };
        body.AddRange(Progress(progress).Skip(2));
        if (events.Count > 0)
        {
            body.AddRange(GapEvents(events, readerZone));
        }
        else if (progress.ClosedShortYears.Count == 0)
        {
            body.Add(AdaptiveCard.Text($"No upcoming PmoBot event earns the missing {progress.UnitsName} yet; ask the PMO, or log an outside course with **pdu add**.", subtle: true));
        }

        var actions = OpenEvents(events.Select(e => e.Event));
        actions.Add(AdaptiveCard.SendMessage("Log PDUs", "pdu add"));
        return AdaptiveCard.Create(body, actions);
    }

    public static string Summary(PduProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var units = progress.UnitsName;
        var state = progress.Complete ? "complete"
            : progress.MissingTotal == 0 ? $"total reached; {StillNeeded(progress)} still needed"
            : progress.NeedsWarning ? "behind" : "on track";
        return $"{TalentAreas.Format(progress.Counted)} of {TalentAreas.Format(progress.Required)} {units} · {state} · {DaysText(progress.DaysLeft)}";
    }

    /// <summary>What keeps a cycle whose total is reached from being complete: the areas (or years) short, or education.</summary>
    private static string StillNeeded(PduProgress progress) =>
        progress.MissingBars.Count > 0
            ? string.Join(", ", progress.MissingBars.Select(b => $"{TalentAreas.Format(b.Missing)} {b.Label}"))
            : $"{TalentAreas.Format(progress.MissingEducation)} education {progress.UnitsName}";

    public static string DaysText(int days) => days switch
    {
        -1 => "expired 1 day ago",
        < 0 => $"expired {(-days).ToString("N0", CultureInfo.InvariantCulture)} days ago",
        0 => "expires today",
        1 => "1 day left",
        _ => $"{days.ToString("N0", CultureInfo.InvariantCulture)} days left",
    };

    private static string Expiry(Certification certification, DateOnly today) =>
        certification.ExpiresOn is { } expires ? $"{DateText.Display(expires)} ({DaysText(expires.DayNumber - today.DayNumber)})" : "does not expire";

    private static string BarText(ProgressBar bar) =>
        bar.Needed is { } needed
            ? bar.Missing > 0
                ? $"{TalentAreas.Format(bar.Earned)} of {TalentAreas.Format(needed)} ({TalentAreas.Format(bar.Missing)} missing)"
                : $"{TalentAreas.Format(bar.Earned)} ✓ (at least {TalentAreas.Format(needed)} needed)"
            : TalentAreas.Format(bar.Earned);

    private static string Category(PduEntry entry) => entry.Category switch
    {
        PduCategory.Education => entry.Area is { } area ? TalentAreas.NameOf(area) : "Education",
        PduCategory.GivingBack => "Giving back",
        _ => "Practitioner",
    };
}
