using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Demo;

/// <summary>
/// The people of the demo organisation. Their ids match the users of <c>.m365agentsplayground.yml</c>, so
/// switching user in the Agents Playground switches role.
/// </summary>
public static class DemoOrganisation
{
    public static readonly IReadOnlyList<DemoPerson> People =
    [
        new("user-id-0", "00000000-0000-0000-0000-000000000020", "Alex Wilber", "alexw@contoso.com", "Europe/London", [Role.Pmo]),
        new("user-id-1", "00000000-0000-0000-0000-000000000021", "Megan Bowen", "meganb@contoso.com", "America/New_York", [Role.ProjectManager]),
        new("user-id-2", "00000000-0000-0000-0000-000000000022", "Adele Vance", "adelev@contoso.com", "Asia/Kolkata", [Role.ProjectManager]),
        new("user-id-3", "00000000-0000-0000-0000-000000000023", "Isaiah Langer", "isaiahl@contoso.com", "Europe/Berlin", [Role.Leader]),
        new("user-id-4", "00000000-0000-0000-0000-000000000024", "Patti Fernandez", "pattif@contoso.com", "Europe/London", [Role.Pmo]),
        new("user-id-5", "00000000-0000-0000-0000-000000000025", "Nestor Wilke", "nestorw@contoso.com", "America/Chicago", []),
    ];

    /// <summary>Alex is the demo admin through configuration (<c>Roles:Admins</c> in appsettings.Development.json).</summary>
    public const string ConfiguredAdminObjectId = "00000000-0000-0000-0000-000000000020";

    /// <summary>
    /// Adele is on leave all of next week (Monday to Sunday, her time): the Graph stand-in shows it out of office, so
    /// the next round skips her, asks Megan (her deputy on PRJ-108) and records PRJ-102 "on leave".
    /// </summary>
    public const string OnLeaveNextWeekEmail = "adelev@contoso.com";

    /// <summary>The Monday (inclusive) and the Monday after (exclusive) of next week, counted from <paramref name="today"/>.</summary>
    public static (DateOnly From, DateOnly To) NextWeek(DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).AddDays(7);
        return (monday, monday.AddDays(7));
    }

    /// <summary>Who the register says created the demo projects.</summary>
    public const string SeededBy = "PmoBot demo";

    private static readonly ProjectPerson Megan = ProjectPersonNamed("Megan Bowen");
    private static readonly ProjectPerson Adele = ProjectPersonNamed("Adele Vance");

    /// <summary>
    /// The demo portfolio: eight projects in three business units run by Megan and Adele, in every stage and
    /// status, dated around <paramref name="today"/> so that the demo always shows work under way, milestones done
    /// and due, some slipping, and a monthly planned-value curve.
    /// </summary>
    /// <remarks>
    /// Each project starts whole months before or after <paramref name="today"/>, on today's day of the month, rather
    /// than on the first: the planned value today is then the same on any day of the month, so the walkthrough's red
    /// review of PRJ-101 (40% complete) reads the same schedule index, watch not critical, whenever it is tried.
    /// </remarks>
    public static IReadOnlyList<Project> Projects(DateOnly today)
    {
        DemoPlan[] plans =
        [
            new("PRJ-101", "Mobile banking app relaunch", "Digital", Megan, Adele, "Isaiah Langer", ProjectStage.Execution, -6, 12, 1_200_000m, "EUR", ReviewCadence.Fortnightly, ProjectStatus.Active,
                [("Discovery complete", 0.12, 0), ("Design sign-off", 0.3, 0), ("Beta release", 0.65, 14), ("Go-live", 1.0, 14)]),
            new("PRJ-102", "Customer portal single sign-on", "Digital", Adele, null, "Lynne Robbins", ProjectStage.Planning, -1, 9, 450_000m, "EUR", ReviewCadence.Weekly, ProjectStatus.Active,
                [("Requirements baselined", 0.15, 0), ("Vendor selected", 0.3, 0), ("Pilot", 0.7, 0), ("Rollout complete", 1.0, 0)]),
            new("PRJ-103", "Data centre exit to Azure", "Infrastructure", Megan, null, "Diego Siciliani", ProjectStage.Execution, -10, 18, 2_800_000m, "EUR", ReviewCadence.Weekly, ProjectStatus.Active,
                [("Landing zone ready", 0.2, 0), ("Wave 1 migrated", 0.45, 30), ("Wave 2 migrated", 0.75, 30), ("Data centre closed", 1.0, 30)]),
            new("PRJ-104", "Branch network refresh", "Infrastructure", Adele, null, "Diego Siciliani", ProjectStage.Execution, -4, 9, 680_000m, "GBP", ReviewCadence.Monthly, ProjectStatus.OnHold,
                [("Site survey", 0.15, 0), ("Pilot branches", 0.4, 45), ("All branches", 1.0, 45)]),
            new("PRJ-105", "Service desk tooling replacement", "Operations", Megan, null, "Joni Sherman", ProjectStage.Closing, -11, 12, 320_000m, "EUR", ReviewCadence.Monthly, ProjectStatus.Active,
                [("Tool selected", 0.2, 0), ("Data migrated", 0.6, 0), ("Go-live", 0.85, 0), ("Handover to operations", 1.0, 0)]),
            new("PRJ-106", "Warehouse robotics pilot", "Operations", Adele, null, "Grady Archie", ProjectStage.Initiation, 1, 10, 900_000m, "USD", ReviewCadence.Fortnightly, ProjectStatus.Active,
                [("Business case approved", 0.1, 0), ("Pilot site ready", 0.5, 0), ("Pilot results", 1.0, 0)]),
            new("PRJ-107", "Payroll platform upgrade", "Operations", Megan, null, "Joni Sherman", ProjectStage.Closing, -14, 12, 260_000m, "EUR", ReviewCadence.Monthly, ProjectStatus.Closed,
                [("Design", 0.25, 0), ("Parallel run", 0.75, 0), ("Cut-over", 1.0, 0)]),
            new("PRJ-108", "Identity governance rollout", "Infrastructure", Adele, Megan, "Lidia Holloway", ProjectStage.Planning, -2, 11, 540_000m, "EUR", ReviewCadence.Weekly, ProjectStatus.Active,
                [("Role model agreed", 0.2, 0), ("Connectors built", 0.6, 0), ("Certification campaign", 1.0, 0)]),
        ];
        return plans.Select(plan => plan.ToProject(today)).ToList();
    }

    private static ProjectPerson ProjectPersonNamed(string name)
    {
        var person = People.Single(p => p.Name == name);
        return new ProjectPerson(person.AadObjectId, person.Name);
    }

    /// <param name="StartMonth">Months from the current one to the project's first month.</param>
    /// <param name="Milestones">Each milestone's place in the project (0 to 1) and how many days its forecast has slipped.</param>
    private sealed record DemoPlan(
        string Code,
        string Name,
        string BusinessUnit,
        ProjectPerson Manager,
        ProjectPerson? Deputy,
        string Sponsor,
        ProjectStage Stage,
        int StartMonth,
        int Months,
        decimal Budget,
        string Currency,
        ReviewCadence Cadence,
        ProjectStatus Status,
        (string Name, double At, int SlipDays)[] Milestones)
    {
        /// <summary>The plan keeps 5% of the budget as management reserve, so the baseline ends below it.</summary>
        private const decimal PlannedShare = 0.95m;

        public Project ToProject(DateOnly today)
        {
            var start = today.AddMonths(StartMonth);
            var end = start.AddMonths(Months).AddDays(-1);
            var days = end.DayNumber - start.DayNumber;
            var milestones = Milestones.Select(m =>
            {
                var due = start.AddDays((int)Math.Round(days * m.At));
                var forecast = due.AddDays(m.SlipDays);
                return new Milestone(m.Name, due, forecast, Completed: forecast < today);
            }).ToList();
            return new Project(Code, Name, BusinessUnit, Manager, Deputy, Sponsor, Stage, start, end, Budget, Currency, Baseline(start, end), milestones, Cadence, Status);
        }

        /// <summary>Calendar month ends after the start, then the planned end, on an S-curve: slow start, steady middle, slow finish.</summary>
        private List<BaselinePoint> Baseline(DateOnly start, DateOnly end)
        {
            var points = new List<BaselinePoint>();
            for (var monthEnd = EndOfMonth(start.AddDays(1)); monthEnd < end; monthEnd = EndOfMonth(monthEnd.AddDays(1)))
            {
                points.Add(Point(start, end, monthEnd));
            }

            points.Add(Point(start, end, end));
            return points;
        }

        private static DateOnly EndOfMonth(DateOnly day) => new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1);

        private BaselinePoint Point(DateOnly start, DateOnly end, DateOnly date)
        {
            var t = (double)(date.DayNumber - start.DayNumber) / (end.DayNumber - start.DayNumber);
            var share = (decimal)(t * t * (3 - (2 * t)));
            return new BaselinePoint(date, Math.Round(Budget * PlannedShare * share / 1_000m) * 1_000m);
        }
    }
}

/// <summary>
/// A person of the demo organisation. Their zone is seeded as if they had chosen it, so the zone of the machine the
/// playground runs on (which it reports for every user) does not replace it.
/// </summary>
public sealed record DemoPerson(string TeamsUserId, string AadObjectId, string Name, string Email, string TimeZone, IReadOnlyList<Role> Roles)
{
    public UserProfile ToProfile() => new(AadObjectId, Name, TeamsUserId, Email, TimeZone, TimeZoneChosenByUser: true, Roles.ToHashSet(), FirstSeenAt: null);
}
