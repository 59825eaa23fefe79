using PmoBot.People;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.People;

public sealed class PeopleDirectoryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_first_recognition_creates_the_profile_and_is_a_first_visit()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();

        var first = await people.Directory.RecognizeAsync(PeopleHarness.Caller(person, "Asia/Kolkata"), inPersonalChat: true, None);

        Assert.True(first.IsFirstVisit);
        var stored = await people.Directory.GetAsync(person.AadObjectId, None);
        Assert.Equal(person.Name, stored!.Name);
        Assert.Equal(person.TeamsUserId, stored.TeamsUserId);
        Assert.Equal("Asia/Kolkata", stored.TimeZone);
        Assert.Equal(PeopleHarness.Start, stored.FirstSeenAt);
        Assert.Empty(stored.Roles);
    }

    [Fact]
    public async Task A_newcomer_pressing_twice_at_once_is_stored_once_and_found_by_name()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();

        // Both presses read "nobody" and try to store the newcomer in one write; the one that loses takes the update path.
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => people.Directory.RecognizeAsync(PeopleHarness.Caller(person), inPersonalChat: true, None))));

        Assert.All(both, r => Assert.Equal(person.AadObjectId, r.User.UserKey));
        Assert.Equal(PeopleHarness.Start, (await people.Directory.GetAsync(person.AadObjectId, None))!.FirstSeenAt);
        var found = Assert.IsType<PersonSearch.Found>(await people.Directory.FindAsync(person.Name, [], None));
        Assert.Equal(person.AadObjectId, found.User.UserKey);
    }

    [Fact]
    public async Task Two_turns_announcing_one_install_at_once_make_one_first_visit()
    {
        var people = await PeopleHarness.CreateAsync();
        var seeded = TestPerson.New();
        var newcomer = TestPerson.New();
        await people.Directory.EnsureAsync(new UserProfile(seeded.AadObjectId, seeded.Name, seeded.TeamsUserId, null, "Europe/London", true, new HashSet<Role>(), null), None);

        foreach (var person in new[] { seeded, newcomer })
        {
            // Both turns read the profile before either writes (as installationUpdate and conversationUpdate do).
            var caller = PeopleHarness.Caller(person);
            var reads = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => people.Directory.ReadProfileAsync(caller, None)));
            Assert.All(reads, r => Assert.Null(r?.FirstSeenAt));

            var both = await Task.WhenAll(reads.Select(before => Task.Run(() => people.Directory.RecognizeAsync(caller, before, inPersonalChat: true, None))));

            Assert.Single(both, r => r.IsFirstVisit);
            Assert.Equal(PeopleHarness.Start, (await people.Directory.GetAsync(person.AadObjectId, None))!.FirstSeenAt);
        }
    }

    [Fact]
    public async Task Recognising_someone_again_is_not_a_first_visit_and_keeps_when_they_were_first_seen()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        await people.Directory.RecognizeAsync(PeopleHarness.Caller(person), inPersonalChat: true, None);
        people.Time.Advance(TimeSpan.FromDays(3));

        var second = await people.Directory.RecognizeAsync(PeopleHarness.Caller(person), inPersonalChat: true, None);

        Assert.False(second.IsFirstVisit);
        Assert.Equal(PeopleHarness.Start, second.User.FirstSeenAt);
    }

    [Fact]
    public async Task Someone_without_an_entra_id_is_known_by_their_teams_id()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();

        var recognition = await people.Directory.RecognizeAsync(new CallerIdentity(null, person.TeamsUserId, person.Name, null), inPersonalChat: true, None);

        Assert.Equal(person.TeamsUserId, recognition.User.UserKey);
        Assert.NotNull(await people.Directory.GetAsync(person.TeamsUserId, None));
    }

    [Fact]
    public async Task A_new_name_from_teams_finds_them_and_the_old_name_no_longer_does()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New("Maiden");
        var renamed = $"Married {Guid.NewGuid():N}";
        await people.Directory.RecognizeAsync(PeopleHarness.Caller(person), inPersonalChat: true, None);

        var recognition = await people.Directory.RecognizeAsync(PeopleHarness.Caller(person, name: renamed), inPersonalChat: true, None);

        Assert.Equal(renamed, recognition.User.Name);
        AssertFound(person, await people.Directory.FindAsync(renamed, [], None));
        Assert.IsType<PersonSearch.NotFound>(await people.Directory.FindAsync(person.Name, [], None));
    }

    [Fact]
    public async Task A_name_that_changes_only_in_spacing_still_finds_them()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        var spaced = person.Name.Replace(" ", "  ", StringComparison.Ordinal);
        await people.Directory.RecognizeAsync(PeopleHarness.Caller(person, name: spaced), inPersonalChat: true, None);

        await people.Directory.RecognizeAsync(PeopleHarness.Caller(person), inPersonalChat: true, None);

        AssertFound(person, await people.Directory.FindAsync(person.Name, [], None));
    }

    [Fact]
    public async Task The_time_zone_from_teams_is_followed_until_the_user_chooses_one()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        await people.Directory.RecognizeAsync(PeopleHarness.Caller(person, "Europe/London"), inPersonalChat: true, None);
        var travelling = await people.Directory.RecognizeAsync(PeopleHarness.Caller(person, "Asia/Tokyo"), inPersonalChat: true, None);
        Assert.Equal("Asia/Tokyo", travelling.User.TimeZone);

        var chosen = await people.Directory.SetTimeZoneAsync(travelling.User, "America/Chicago", None);
        var afterwards = await people.Directory.RecognizeAsync(PeopleHarness.Caller(person, "Europe/Paris"), inPersonalChat: true, None);

        Assert.Equal("America/Chicago", chosen.TimeZone);
        Assert.Equal("America/Chicago", afterwards.User.TimeZone);
        Assert.Equal("America/Chicago", (await people.Directory.GetAsync(person.AadObjectId, None))!.TimeZone);
    }

    [Fact]
    public async Task A_message_without_a_time_zone_keeps_the_known_one()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        await people.Directory.RecognizeAsync(PeopleHarness.Caller(person, "Europe/Berlin"), inPersonalChat: true, None);

        var recognition = await people.Directory.RecognizeAsync(PeopleHarness.Caller(person, timeZone: null), inPersonalChat: true, None);

        Assert.Equal("Europe/Berlin", recognition.User.TimeZone);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("  {0}  ")]
    [InlineData("@{0}")]
    [InlineData("UPPER")]
    [InlineData("SPACED")]
    public async Task Find_by_name_ignores_case_spacing_and_a_leading_at(string queryFormat)
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        await people.PersonAsync(person);
        var query = queryFormat switch
        {
            "UPPER" => person.Name.ToUpperInvariant(),
            "SPACED" => person.Name.Replace(" ", "   ", StringComparison.Ordinal),
            _ => string.Format(System.Globalization.CultureInfo.InvariantCulture, queryFormat, person.Name),
        };

        AssertFound(person, await people.Directory.FindAsync(query, [], None));
    }

    [Fact]
    public async Task Find_by_e_mail_ignores_case()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        var email = $"pat.{Guid.NewGuid():N}@contoso.com";
        await people.Directory.EnsureAsync(Profile(person, email: email), None);

        AssertFound(person, await people.Directory.FindAsync(email.ToUpperInvariant(), [], None));
    }

    [Fact]
    public async Task Find_by_entra_object_id()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        await people.PersonAsync(person);

        AssertFound(person, await people.Directory.FindAsync(person.AadObjectId, [], None));
    }

    [Fact]
    public async Task Find_by_entra_object_id_ignores_case()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        await people.PersonAsync(person);

        AssertFound(person, await people.Directory.FindAsync(person.AadObjectId.ToUpperInvariant(), [], None));
    }

    [Fact]
    public async Task Find_by_a_mention_with_an_entra_id_uses_the_id_not_the_name()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        await people.PersonAsync(person);
        var mention = new MentionedPerson(person.TeamsUserId, person.AadObjectId, "Pat");

        AssertFound(person, await people.Directory.FindAsync("Pat", [mention], None));
    }

    [Fact]
    public async Task Find_by_a_mention_without_an_entra_id_uses_the_teams_id()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        await people.PersonAsync(person);
        var mention = new MentionedPerson(person.TeamsUserId, null, "Pat");

        AssertFound(person, await people.Directory.FindAsync("Pat", [mention], None));
    }

    [Fact]
    public async Task Two_people_with_the_same_name_are_ambiguous()
    {
        var people = await PeopleHarness.CreateAsync();
        var name = $"Sam {Guid.NewGuid():N}";
        var first = TestPerson.New() with { Name = name };
        var second = TestPerson.New() with { Name = name };
        await people.PersonAsync(first);
        await people.PersonAsync(second);

        var search = await people.Directory.FindAsync(name, [], None);

        var ambiguous = Assert.IsType<PersonSearch.Ambiguous>(search);
        Assert.Equal(
            new[] { first.AadObjectId, second.AadObjectId }.Order(),
            ambiguous.Candidates.Select(c => c.UserKey).Order());
    }

    [Fact]
    public async Task Nobody_by_that_name_is_not_found()
    {
        var people = await PeopleHarness.CreateAsync();
        var name = $"Nobody {Guid.NewGuid():N}";

        var notFound = Assert.IsType<PersonSearch.NotFound>(await people.Directory.FindAsync(name, [], None));

        Assert.Equal(name, notFound.Query);
    }

    [Fact]
    public async Task Grant_updates_the_profile_and_the_role_list()
    {
        var people = await PeopleHarness.CreateAsync();
        var granter = await people.PersonAsync(TestPerson.New("Grace"), Role.Pmo);
        var target = await people.PersonAsync(TestPerson.New());

        var outcome = await people.Directory.GrantAsync(target, Role.Leader, granter, None);

        Assert.Equal(RoleChangeOutcome.Changed, outcome);
        Assert.Equal([Role.Leader], (await people.ReloadAsync(target)).Roles);
        var holder = Assert.Single(await people.HoldersOfAsync(target.UserKey));
        Assert.Equal(Role.Leader, holder.Role);
        Assert.Equal(target.Name, holder.Name);
        Assert.Equal($"granted by {granter.Name}", holder.Source);
        Assert.Equal(PeopleHarness.Start, holder.GrantedAt);
    }

    [Fact]
    public async Task Granting_a_held_role_again_is_unchanged()
    {
        var people = await PeopleHarness.CreateAsync();
        var target = await people.PersonAsync(TestPerson.New(), Role.ProjectManager);

        var outcome = await people.Directory.GrantAsync(target, Role.ProjectManager, target, None);

        Assert.Equal(RoleChangeOutcome.Unchanged, outcome);
        Assert.Single(await people.HoldersOfAsync(target.UserKey));
    }

    [Fact]
    public async Task Revoke_updates_the_profile_and_the_role_list_and_a_second_revoke_is_unchanged()
    {
        var people = await PeopleHarness.CreateAsync();
        var target = await people.PersonAsync(TestPerson.New(), Role.ProjectManager, Role.Leader);

        var first = await people.Directory.RevokeAsync(target, Role.ProjectManager, None);
        var second = await people.Directory.RevokeAsync(target, Role.ProjectManager, None);

        Assert.Equal(RoleChangeOutcome.Changed, first);
        Assert.Equal(RoleChangeOutcome.Unchanged, second);
        Assert.Equal([Role.Leader], (await people.ReloadAsync(target)).Roles);
        Assert.Equal([Role.Leader], (await people.HoldersOfAsync(target.UserKey)).Select(h => h.Role));
    }

    [Fact]
    public async Task A_configured_admin_is_in_the_role_list_before_ever_using_the_bot()
    {
        var neverSeen = Guid.NewGuid().ToString();
        var people = await PeopleHarness.CreateAsync(neverSeen);

        var holder = Assert.Single(await people.HoldersOfAsync(neverSeen));

        Assert.Equal(Role.Admin, holder.Role);
        Assert.Equal("from configuration", holder.Source);
        Assert.Contains(neverSeen, holder.Name, StringComparison.Ordinal);
        Assert.Null(holder.GrantedAt);
    }

    [Fact]
    public async Task A_configured_admin_who_has_used_the_bot_is_listed_once_by_name_and_is_an_admin()
    {
        var person = TestPerson.New();
        var people = await PeopleHarness.CreateAsync(person.AadObjectId);

        var user = await people.PersonAsync(person);

        var holder = Assert.Single(await people.HoldersOfAsync(person.AadObjectId));
        Assert.Equal(person.Name, holder.Name);
        Assert.True(user.IsConfiguredAdmin);
        Assert.True(user.Has(Role.Admin));
        Assert.Empty(user.StoredRoles);
    }

    [Fact]
    public async Task A_configured_admin_id_written_in_upper_case_is_still_listed_by_name()
    {
        var person = TestPerson.New();
        var people = await PeopleHarness.CreateAsync(person.AadObjectId.ToUpperInvariant());

        var user = await people.PersonAsync(person);

        Assert.True(user.IsConfiguredAdmin);
        var holder = Assert.Single(await people.HoldersOfAsync(person.AadObjectId));
        Assert.Equal(person.Name, holder.Name);
    }

    [Fact]
    public async Task Ensure_creates_a_missing_person_with_their_roles_and_indexes()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        var email = $"{Guid.NewGuid():N}@contoso.com";

        var created = await people.Directory.EnsureAsync(Profile(person, email, Role.Leader), None);

        Assert.Equal([Role.Leader], created.Roles);
        Assert.Null(created.FirstSeenAt);
        Assert.Equal([Role.Leader], (await people.HoldersOfAsync(person.AadObjectId)).Select(h => h.Role));
        AssertFound(person, await people.Directory.FindAsync(email, [], None));
        AssertFound(person, await people.Directory.FindAsync(person.Name, [], None));
    }

    [Fact]
    public async Task Ensure_leaves_an_existing_person_as_they_are()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        var existing = await people.PersonAsync(person, Role.ProjectManager);
        var otherName = $"Other {Guid.NewGuid():N}";

        var ensured = await people.Directory.EnsureAsync(Profile(person with { Name = otherName }, roles: Role.Pmo), None);

        Assert.Equal(Snapshot(existing), Snapshot(ensured));
        Assert.Equal(Snapshot(existing), Snapshot(await people.ReloadAsync(existing)));
        Assert.Equal([Role.ProjectManager], (await people.HoldersOfAsync(person.AadObjectId)).Select(h => h.Role));
        Assert.IsType<PersonSearch.NotFound>(await people.Directory.FindAsync(otherName, [], None));
    }

    [Fact]
    public async Task Ensure_on_an_existing_person_keeps_who_granted_their_roles_and_when()
    {
        var people = await PeopleHarness.CreateAsync();
        var person = TestPerson.New();
        var granter = await people.PersonAsync(TestPerson.New("Grace"), Role.Pmo);
        var existing = await people.PersonAsync(person);
        await people.Directory.GrantAsync(existing, Role.Leader, granter, None);
        var before = Assert.Single(await people.HoldersOfAsync(person.AadObjectId));
        people.Time.Advance(TimeSpan.FromDays(1));

        await people.Directory.EnsureAsync(Profile(person, roles: Role.Leader), None);

        Assert.Equal(before, Assert.Single(await people.HoldersOfAsync(person.AadObjectId)));
    }

    private static UserProfile Profile(TestPerson person, string? email = null, params Role[] roles) =>
        new(person.AadObjectId, person.Name, person.TeamsUserId, email, "Europe/London", false, roles.ToHashSet(), FirstSeenAt: null);

    private static string Snapshot(PmoUser user) =>
        $"{user.UserKey}|{user.Name}|{user.TeamsUserId}|{user.Email}|{user.TimeZone}|{Roles.Describe(user.Roles)}|{user.FirstSeenAt:O}";

    private static void AssertFound(TestPerson expected, PersonSearch search)
    {
        var found = Assert.IsType<PersonSearch.Found>(search);
        Assert.Equal(expected.AadObjectId, found.User.UserKey);
    }
}
