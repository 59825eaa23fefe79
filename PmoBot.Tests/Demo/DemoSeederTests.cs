using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PmoBot.Demo;
using PmoBot.Lessons;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;
using PmoBot.Tests.People;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Demo;

/// <summary>
/// The demo people have fixed ids, so these tests share rows with any other seeding of the same Azurite; they live
/// in one class (run one after another) and put back whatever they change.
/// </summary>
public sealed class DemoSeederTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Seeding_twice_creates_each_demo_person_once_with_their_demo_roles()
    {
        var people = await PeopleHarness.CreateAsync();
        var (seeder, projects, _) = await SeederAsync(people);

        await seeder.SeedAsync(None);
        await seeder.SeedAsync(None);

        foreach (var project in DemoOrganisation.Projects(DateOnly.FromDateTime(people.Time.GetUtcNow().UtcDateTime)))
        {
            Assert.NotNull(await projects.GetAsync(project.Code, None));
        }

        foreach (var demo in DemoOrganisation.People)
        {
            var user = await people.Directory.GetAsync(demo.AadObjectId, None);
            Assert.NotNull(user);
            Assert.Equal(demo.Name, user.Name);
            Assert.Equal(demo.TeamsUserId, user.TeamsUserId);
            Assert.Equal(demo.Email, user.Email);
            Assert.Equal(demo.TimeZone, user.TimeZone);
            Assert.Equal(demo.Roles.Order(), user.StoredRoles.Order());
            Assert.Single(Candidates(await people.Directory.FindAsync(demo.Name, [], None)), key => key == demo.AadObjectId);
            foreach (var role in Roles.All)
            {
                var entries = (await people.RoleMembers.ListAsync(role, None)).Count(m => m.UserKey == demo.AadObjectId);
                Assert.Equal(demo.Roles.Contains(role) ? 1 : 0, entries);
            }
        }
    }

    [Fact]
    public async Task Seeding_again_does_not_give_back_a_role_revoked_in_between()
    {
        var people = await PeopleHarness.CreateAsync();
        var (seeder, _, _) = await SeederAsync(people);
        var demo = DemoOrganisation.People.First(p => p.Roles.Contains(Role.ProjectManager));
        await seeder.SeedAsync(None);
        var user = (await people.Directory.GetAsync(demo.AadObjectId, None))!;
        await people.Directory.RevokeAsync(user, Role.ProjectManager, None);
        try
        {
            await seeder.SeedAsync(None);

            Assert.False((await people.ReloadAsync(user)).Has(Role.ProjectManager));
            Assert.DoesNotContain(await people.RoleMembers.ListAsync(Role.ProjectManager, None), m => m.UserKey == demo.AadObjectId);
        }
        finally
        {
            await people.Directory.GrantAsync(user, Role.ProjectManager, user, None);
        }
    }

    [Fact]
    public async Task Seeding_again_keeps_a_demo_project_changed_in_chat()
    {
        var people = await PeopleHarness.CreateAsync();
        var (seeder, projects, _) = await SeederAsync(people);
        await seeder.SeedAsync(None);
        var before = (await projects.GetAsync("PRJ-103", None))!;
        var renamed = Assert.IsType<ProjectSaveResult.Saved>(await projects.UpdateAsync(before.Project with { Name = "Renamed in chat" }, before.ETag, "Alex Wilber", None));
        try
        {
            await seeder.SeedAsync(None);

            var after = (await projects.GetAsync("PRJ-103", None))!;
            Assert.Equal(("Renamed in chat", renamed.Project.ETag), (after.Project.Name, after.ETag));
        }
        finally
        {
            await projects.UpdateAsync(before.Project, renamed.Project.ETag, DemoOrganisation.SeededBy, None);
        }
    }

    [Fact]
    public async Task The_demo_pms_see_their_seeded_projects_in_their_list()
    {
        var people = await PeopleHarness.CreateAsync();
        var (seeder, projects, _) = await SeederAsync(people);

        await seeder.SeedAsync(None);

        var megan = DemoOrganisation.People.Single(p => p.Name == "Megan Bowen");
        var portfolio = DemoOrganisation.Projects(DateOnly.FromDateTime(people.Time.GetUtcNow().UtcDateTime));
        var listed = (await projects.ListManagedByAsync(megan.AadObjectId, None)).Select(p => p.Code);
        Assert.Equal(
            portfolio.Where(p => p.IsManagedBy(megan.AadObjectId)).Select(p => p.Code).Order(ProjectText.CodeOrder),
            listed.Where(code => portfolio.Any(p => p.Code == code)));
    }

    [Fact]
    public async Task The_demo_portfolio_has_six_weeks_of_reviews_with_trends_and_one_missed_review_once_however_often_it_is_seeded()
    {
        var people = await PeopleHarness.CreateAsync();
        var (seeder, _, history) = await SeederAsync(people);

        await seeder.SeedAsync(None);
        await seeder.SeedAsync(None);

        var drifting = await history.RecentAsync("PRJ-101", 10, None);
        Assert.True(drifting.Count >= DemoReviewHistory.Weeks);
        var newest = drifting[0];
        Assert.Equal(ReviewOutcome.Submitted, newest.Outcome);
        Assert.Equal((Rag?)Rag.Red, newest.Answers.Rag(WellKnownQuestions.Overall));
        Assert.True(newest.EarnedValue!.Cpi < 0.9m, $"CPI {newest.EarnedValue.Cpi}");
        // Each seeded review was sent on its own week's Monday morning in the PM's zone (Megan: New York), not at seeding.
        var newYork = UserTimeZones.Resolve("America/New_York");
        Assert.All(drifting.Where(r => r.Outcome == ReviewOutcome.Submitted), r =>
            Assert.Equal(r.Period.Monday.ToDateTime(new TimeOnly(10, 30)), TimeZoneInfo.ConvertTime(r.RecordedAt, newYork).DateTime));
        var status = (await history.LatestStatusAsync("PRJ-101", None))!;
        Assert.Equal((Rag?)Rag.Amber, status.PreviousOverall);
        var thisWeek = ReviewPeriod.Of(DateOnly.FromDateTime(people.Time.GetUtcNow().UtcDateTime));
        Assert.Equal(ReviewOutcome.Missed, (await history.GetAsync(DemoReviewHistory.SilentProject, thisWeek.Previous, None))!.Outcome);
    }

    [Fact]
    public async Task A_seeded_person_keeps_the_seeded_zone_when_the_playground_reports_its_machine_zone_while_a_new_person_learns_it()
    {
        var people = await PeopleHarness.CreateAsync();
        var (seeder, _, _) = await SeederAsync(people);
        await seeder.SeedAsync(None);
        var alex = DemoOrganisation.People.Single(p => p.Name == "Alex Wilber");
        await using var bot = await BotOverHttp.StartAsync();
        // The playground reports the zone of the machine it runs on, on a server "UTC".
        var asAlex = bot.ChatWith(new TestPerson(alex.AadObjectId, alex.TeamsUserId, alex.Name), "UTC");
        var newcomer = bot.ChatWith(TestPerson.New("Nestor"), "UTC");
        Assert.True(UserTimeZones.TryParse("UTC", out var utc));

        await asAlex.SayAsync("help");
        var alexWhoami = await asAlex.SayAsync("whoami");
        var newcomerWhoami = await newcomer.SayAsync("whoami");

        Assert.Equal("Europe/London", alex.TimeZone);
        Assert.Contains(("Time zone", "Europe/London"), Teams.BotHarness.FactsOf(alexWhoami.Card!));
        Assert.Equal("Europe/London", (await people.Directory.GetAsync(alex.AadObjectId, None))!.TimeZone);
        Assert.Contains(("Time zone", utc), Teams.BotHarness.FactsOf(newcomerWhoami.Card!));
    }

    [Fact]
    public async Task Seeding_again_gives_back_the_seeded_zone_a_demo_person_took_from_the_playground_before_zones_were_seeded_as_chosen()
    {
        var people = await PeopleHarness.CreateAsync();
        var (seeder, _, _) = await SeederAsync(people);
        await seeder.SeedAsync(None);
        var megan = DemoOrganisation.People.Single(p => p.Name == "Megan Bowen");
        var users = new UserStore(await AzuriteStorage.WithTablesAsync(UserStore.TableName));
        await users.UpdateAsync(megan.AadObjectId, current => current! with { TimeZone = "Etc/UTC", TimeZoneChosenByUser = false }, None);
        var rescheduled = new List<string>();
        var observer = new Moq.Mock<ITimeZoneChangeObserver>();
        observer.Setup(o => o.TimeZoneChangedAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>())).Callback<string, CancellationToken>((key, _) => rescheduled.Add(key)).Returns(Task.CompletedTask);
        var (again, _, _) = await SeederAsync(people, [observer.Object]);

        await again.SeedAsync(None);
        await again.SeedAsync(None);

        var stored = (await users.GetAsync(megan.AadObjectId, None))!;
        Assert.Equal(("America/New_York", true), (stored.TimeZone, stored.TimeZoneChosenByUser));
        Assert.Equal([megan.AadObjectId], rescheduled.Where(key => DemoOrganisation.People.Any(p => p.AadObjectId == key)));
    }

    /// <summary>Other tests may know someone else by a demo name; what matters is that the demo person is found once.</summary>
    private static IEnumerable<string> Candidates(PersonSearch search) => search switch
    {
        PersonSearch.Found found => [found.User.UserKey],
        PersonSearch.Ambiguous ambiguous => ambiguous.Candidates.Select(c => c.UserKey),
        _ => [],
    };

    private static async Task<(DemoSeeder Seeder, ProjectRegister Projects, ReviewHistory History)> SeederAsync(PeopleHarness people, IEnumerable<ITimeZoneChangeObserver>? timeZoneObservers = null)
    {
        var service = await AzuriteStorage.WithTablesAsync(
            ProjectStore.TableName, ProjectsByManagerStore.TableName, ReviewTemplateStore.TableName, ReviewHistoryStore.TableName, LatestStatusStore.TableName, MissedReviewStore.TableName, LessonStore.TableName);
        var projects = new ProjectRegister(new ProjectStore(service), new ProjectsByManagerStore(service), people.Time);
        var history = new ReviewHistory(new ReviewHistoryStore(service), new LatestStatusStore(service), new MissedReviewStore(service), people.Time);
        var readiness = new StorageReadiness();
        readiness.MarkReady();
        var seeder = new DemoSeeder(
            Options.Create(new DemoOptions { Seed = true }), readiness, new SeedingReadiness([]), people.Directory, projects, new ReviewTemplateStore(service, people.Time), history, new DemoLessonSeeder(new LessonStore(service), people.Time, NullLogger<DemoLessonSeeder>.Instance), people.Time, NullLogger<DemoSeeder>.Instance, timeZoneObservers);
        return (seeder, projects, history);
    }
}
