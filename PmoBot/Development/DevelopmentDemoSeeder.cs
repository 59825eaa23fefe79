using Microsoft.Extensions.Options;
using PmoBot.Demo;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.Development.Mentoring;
using PmoBot.Development.Training;
using PmoBot.Storage;

namespace PmoBot.Development;

/// <summary>
/// The demo organisation's side of developing PMs, dated around the day of seeding: the training catalogue (imported
/// from <c>Demo/sample-training.csv</c> through the CSV import), three upcoming events (one online, one full with a
/// waitlist), certifications (Adele's PRINCE2 Practitioner expiring in 30 days, Megan's PMP behind on PDUs), plans, and
/// a mentoring pair. Only what is missing is added: nothing changed in chat is overwritten, and seeding twice adds nothing.
/// </summary>
public sealed partial class DevelopmentDemoSeeder(
    IOptions<DemoOptions> options,
    StorageReadiness readiness,
    TrainingCatalogueStore catalogue,
    TrainingCsvImporter importer,
    DevelopmentPlanStore plans,
    EventStore events,
    RegistrationLedger ledger,
    CertificationStore certifications,
    PduLogStore pdus,
    MentoringStore mentoring,
    TimeProvider time,
    ILogger<DevelopmentDemoSeeder> logger) : BackgroundService
{
    public const string CatalogueResource = "PmoBot.Demo.sample-training.csv";
    public const string OnlineEventId = "EV-DEMO2";
    public const string FullEventId = "EV-DEMO3";
    public const string PairId = "MP-DEMO";

    private static DemoPerson Person(string name) => DemoOrganisation.People.Single(p => p.Name == name);

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (await catalogue.GetAsync("TR-RISK-1", cancellationToken) is null)
        {
            await using var csv = typeof(DevelopmentDemoSeeder).Assembly.GetManifestResourceStream(CatalogueResource)
                ?? throw new InvalidOperationException($"The demo catalogue {CatalogueResource} is not embedded.");
            await importer.ImportAsync(csv, cancellationToken);
        }

        var (alex, megan, adele, isaiah, patti, nestor) = (Person("Alex Wilber"), Person("Megan Bowen"), Person("Adele Vance"), Person("Isaiah Langer"), Person("Patti Fernandez"), Person("Nestor Wilke"));
        var seeded = 0;
        foreach (var learningEvent in Events(alex, now))
        {
            seeded += await events.AddAsync(learningEvent, cancellationToken) ? 1 : 0;
        }

        // Registering again is no change, so these are safe to repeat; the full event ends with two on its waitlist.
        await RegisterAsync("EV-DEMO1", megan, cancellationToken);
        await RegisterAsync(OnlineEventId, adele, cancellationToken);
        foreach (var person in new[] { megan, adele, isaiah, nestor })
        {
            await RegisterAsync(FullEventId, person, cancellationToken);
        }

        await CertifyAsync(new Certification(adele.AadObjectId, adele.Name, "PRINCE2-P", "PRINCE2 Practitioner", "GR657123456", today.AddDays(30).AddYears(-3), today.AddDays(30), now), [], cancellationToken);
        // Megan's PMP cycle ends in five months with 33 of 60 PDUs and Power Skills short: behind, and told so.
        await CertifyAsync(
            new Certification(megan.AadObjectId, megan.Name, "PMP", "PMP", "2718281", today.AddMonths(5).AddYears(-3), today.AddMonths(5), now),
            [Pdu(megan, "wow", today.AddMonths(-20), PduCategory.Education, TalentArea.WaysOfWorking, 20, "Scheduling course"), Pdu(megan, "power", today.AddMonths(-14), PduCategory.Education, TalentArea.PowerSkills, 2, "Negotiation webinar"), Pdu(megan, "business", today.AddMonths(-9), PduCategory.Education, TalentArea.BusinessAcumen, 6, "Finance for PMs"), Pdu(megan, "giving", today.AddMonths(-6), PduCategory.GivingBack, null, 5, "PMI chapter volunteering")],
            cancellationToken);
        await CertifyAsync(
            new Certification(patti.AadObjectId, patti.Name, "PMP", "PMP", "3141592", today.AddMonths(-12), today.AddMonths(24), now),
            [Pdu(patti, "wow", today.AddMonths(-6), PduCategory.Education, TalentArea.WaysOfWorking, 12, "Earned value masterclass"), Pdu(patti, "power", today.AddMonths(-3), PduCategory.Education, TalentArea.PowerSkills, 8, "Leading teams")],
            cancellationToken);

        await PlanAsync(megan, "TR-RISK-1", today.AddMonths(-2), PlanStatus.Done, cancellationToken);
        await PlanAsync(megan, "TR-COST-1", today.AddMonths(2), PlanStatus.Planned, cancellationToken);
        await PlanAsync(adele, "TR-AGILE-1", today.AddDays(-5), PlanStatus.InProgress, cancellationToken);
        await PlanAsync(patti, "TR-COST-1", today.AddMonths(-4), PlanStatus.Done, cancellationToken);
        var pair = new MentoringPair(PairId, patti.AadObjectId, patti.Name, megan.AadObjectId, megan.Name, "cost", "Bring PRJ-101's CPI back above 0.95 with earned-value reviews", today.AddDays(-20), true, alex.Name, now);
        await mentoring.AddAsync(pair, cancellationToken);
        // Marked active as a paired form's pair is, so mentor end Megan and pairing them again find it; reseeding marks a
        // pair seeded before, unless someone in the playground has ended it.
        if ((await mentoring.GetAsync(PairId, cancellationToken))?.Active == true)
        {
            await mentoring.ClaimAsync(pair, cancellationToken);
        }
        LogSeeded(seeded);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Seed)
        {
            return;
        }

        await readiness.WaitAsync(stoppingToken);
        await SeedAsync(stoppingToken);
    }

    private static IEnumerable<LearningEvent> Events(DemoPerson organiser, DateTimeOffset now)
    {
        LearningEvent Event(string id, string title, string description, EventKind kind, bool online, string? venue, int inDays, int capacity, string[] areas, PduSplit pdus, decimal? cost)
        {
            var zone = People.UserTimeZones.Resolve(organiser.TimeZone);
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(inDays).ToDateTime(new TimeOnly(14, 0));
            var start = new DateTimeOffset(day, zone.GetUtcOffset(day));
            return new LearningEvent(id, title, description, kind, EventReach.Local, online, venue, start, start.AddHours(2), organiser.TimeZone, capacity, start.AddDays(-1), cost, cost is null ? null : "GBP", "Contoso PMO", null, areas, pdus, organiser.AadObjectId, organiser.Name, now);
        }

        yield return Event("EV-DEMO1", "Risk management masterclass", "Quantitative risk analysis, risk workshops that work, and contingency that holds.", EventKind.Course, false, "London, Contoso House", 12, 20, ["risk", "cost"], new PduSplit(4, 1, 0), 450);
        yield return Event(OnlineEventId, "Agile chapter meeting", "Hybrid delivery in regulated projects: three PMs share what worked.", EventKind.ChapterMeeting, true, null, 8, 50, ["agile"], new PduSplit(1.5m, 0.5m, 0), null);
        yield return Event(FullEventId, "Negotiation skills for PMs", "Negotiating scope and money with sponsors and suppliers.", EventKind.Course, false, "Manchester, Contoso North", 15, 2, ["stakeholders", "leadership"], new PduSplit(0, 6, 1), 300);
    }

    private async Task RegisterAsync(string eventId, DemoPerson person, CancellationToken cancellationToken)
    {
        if (await events.GetAsync(eventId, cancellationToken) is { } learningEvent && learningEvent.IsRegistrationOpen(time.GetUtcNow()))
        {
            await ledger.RespondAsync(learningEvent, new Registrant(person.AadObjectId, person.Name, person.TeamsUserId), EventResponse.Register, cancellationToken);
        }
    }

    private async Task CertifyAsync(Certification certification, IReadOnlyCollection<PduEntry> log, CancellationToken cancellationToken)
    {
        if (await certifications.GetAsync(certification.UserKey, certification.Key, cancellationToken) is not null)
        {
            return;
        }

        await certifications.SaveAsync(certification, cancellationToken);
        if (log.Count > 0)
        {
            await pdus.UpsertAsync(log, cancellationToken);
        }
    }

    private async Task PlanAsync(DemoPerson person, string programmeId, DateOnly due, PlanStatus status, CancellationToken cancellationToken)
    {
        if ((await plans.ListAsync(person.AadObjectId, cancellationToken)).All(i => i.ProgrammeId != programmeId))
        {
            await plans.SaveAsync(new PlanItem(person.AadObjectId, person.Name, programmeId, due, status, time.GetUtcNow()), cancellationToken);
        }
    }

    private PduEntry Pdu(DemoPerson person, string id, DateOnly on, PduCategory category, TalentArea? area, decimal units, string activity) =>
        new(person.AadObjectId, $"demo|{id}", on, category, area, units, activity, time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo development seeded: {EventCount} new learning events, catalogue, certifications, plans and a mentoring pair where missing")]
    private partial void LogSeeded(int eventCount);
}
