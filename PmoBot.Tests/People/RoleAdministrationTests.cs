using PmoBot.People;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.People;

public sealed class RoleAdministrationTests
{
    [Fact]
    public async Task A_project_manager_cannot_change_roles()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.ProjectManager);
        var target = await people.PersonAsync(TestPerson.New());

        var result = await GrantAsync(people, actor, target.Name, "pmo");

        AssertRefused(result, "Only the PMO and admins");
        Assert.Empty((await people.ReloadAsync(target)).Roles);
    }

    [Fact]
    public async Task The_pmo_grants_and_revokes_ordinary_roles()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Pmo);
        var target = await people.PersonAsync(TestPerson.New());

        var granted = await GrantAsync(people, actor, target.Name, "pm");
        Assert.True(granted.Succeeded, granted.Message);
        Assert.Equal($"{target.Name} is now Project manager.", granted.Message);
        Assert.Equal([Role.ProjectManager], (await people.ReloadAsync(target)).Roles);

        var revoked = await people.Administration.ChangeAsync(actor, RoleChangeKind.Revoke, target.Name, "pm", [], CancellationToken.None);
        Assert.True(revoked.Succeeded, revoked.Message);
        Assert.Empty((await people.ReloadAsync(target)).Roles);
    }

    [Fact]
    public async Task Repeating_a_grant_or_a_revoke_says_nothing_changed()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Pmo);
        var target = await people.PersonAsync(TestPerson.New(), Role.Leader);

        var grant = await GrantAsync(people, actor, target.Name, "leader");
        var revoke = await people.Administration.ChangeAsync(actor, RoleChangeKind.Revoke, target.Name, "pm", [], CancellationToken.None);

        Assert.True(grant.Succeeded);
        Assert.Contains("already holds Leader; nothing changed", grant.Message, StringComparison.Ordinal);
        Assert.True(revoke.Succeeded);
        Assert.Contains("did not hold Project manager; nothing changed", revoke.Message, StringComparison.Ordinal);
        Assert.Equal([Role.Leader], (await people.ReloadAsync(target)).Roles);
    }

    [Theory]
    [InlineData(RoleChangeKind.Grant)]
    [InlineData(RoleChangeKind.Revoke)]
    public async Task The_pmo_cannot_grant_or_revoke_admin(RoleChangeKind kind)
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Pmo);
        var target = await people.PersonAsync(TestPerson.New(), kind == RoleChangeKind.Revoke ? [Role.Admin] : []);

        var result = await people.Administration.ChangeAsync(actor, kind, target.Name, "admin", [], CancellationToken.None);

        AssertRefused(result, "Only an admin can");
        Assert.Equal(kind == RoleChangeKind.Revoke, (await people.ReloadAsync(target)).Has(Role.Admin));
    }

    [Fact]
    public async Task An_admin_grants_and_revokes_admin()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Admin);
        var target = await people.PersonAsync(TestPerson.New());

        var granted = await GrantAsync(people, actor, target.Name, "ADMIN");
        Assert.True(granted.Succeeded, granted.Message);
        Assert.True((await people.ReloadAsync(target)).Has(Role.Admin));

        var revoked = await people.Administration.ChangeAsync(actor, RoleChangeKind.Revoke, target.Name, "admin", [], CancellationToken.None);
        Assert.True(revoked.Succeeded, revoked.Message);
        Assert.False((await people.ReloadAsync(target)).Has(Role.Admin));
    }

    [Fact]
    public async Task A_configured_admin_cannot_be_revoked_in_chat()
    {
        var configured = TestPerson.New();
        var people = await PeopleHarness.CreateAsync(configured.AadObjectId);
        var actor = await people.PersonAsync(TestPerson.New(), Role.Admin);
        var target = await people.PersonAsync(configured);

        var result = await people.Administration.ChangeAsync(actor, RoleChangeKind.Revoke, target.Name, "admin", [], CancellationToken.None);

        AssertRefused(result, "Roles:Admins");
        Assert.True((await people.ReloadAsync(target)).Has(Role.Admin));
    }

    [Fact]
    public async Task An_unknown_role_is_refused_naming_the_roles_there_are()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Admin);
        var target = await people.PersonAsync(TestPerson.New());

        var result = await GrantAsync(people, actor, target.Name, "wizard");

        AssertRefused(result, "\"wizard\" is not a PmoBot role");
        Assert.Contains(RoleAdministration.RoleNames, result.Message, StringComparison.Ordinal);
        Assert.Empty((await people.ReloadAsync(target)).Roles);
    }

    [Fact]
    public async Task An_unknown_person_is_refused_by_name()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Pmo);
        var stranger = $"Stranger {Guid.NewGuid():N}";

        var result = await GrantAsync(people, actor, stranger, "pm");

        AssertRefused(result, $"No one PmoBot knows matches \"{stranger}\" (a name, part of a name, or e-mail address). People become known once they have messaged PmoBot or been registered by the PMO.");
    }

    [Fact]
    public async Task A_person_is_found_by_a_unique_first_name_last_name_or_part_of_either_in_any_case()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Admin);
        var (first, last) = ("Nestor" + Guid.NewGuid().ToString("N")[..6], "Wilke" + Guid.NewGuid().ToString("N")[..6]);
        var nestor = await people.PersonAsync(TestPerson.New() with { Name = $"{first} {last}" });

        Assert.Equal($"{nestor.Name} is now Project manager.", (await GrantAsync(people, actor, first.ToLowerInvariant(), "pm")).Message);
        Assert.Equal($"{nestor.Name} is now Leader.", (await GrantAsync(people, actor, last.ToUpperInvariant(), "leader")).Message);
        Assert.Equal($"{nestor.Name} is now PMO.", (await GrantAsync(people, actor, $"{first[..^2]} {last[..^3]}", "pmo")).Message);
        Assert.Equal([Role.ProjectManager, Role.Pmo, Role.Leader], (await people.ReloadAsync(nestor)).Roles.Order());
    }

    [Fact]
    public async Task A_name_written_last_name_first_with_a_hyphen_an_apostrophe_or_accents_is_found_by_each_part()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Admin);
        var unique = "Q" + Guid.NewGuid().ToString("N")[..8];
        var person = await people.PersonAsync(TestPerson.New() with { Name = $"O'{unique}-Smith, José" });

        Assert.Equal($"{person.Name} is now Project manager.", (await GrantAsync(people, actor, $"jose {unique}", "pm")).Message);
        Assert.Equal($"{person.Name} is now Leader.", (await GrantAsync(people, actor, $"O’{unique}-Smith", "leader")).Message);
        Assert.Equal($"{person.Name} is now PMO.", (await GrantAsync(people, actor, $"{unique} smith", "pmo")).Message);

        // The twin: a part the name does not have finds nobody.
        Assert.StartsWith("No one PmoBot knows matches", (await GrantAsync(people, actor, $"Josef {unique}", "pm")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_part_of_a_name_that_begins_too_many_names_to_read_does_not_hide_the_person_the_rest_of_the_name_finds()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Admin);
        var common = "Mq" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6).ToArray());
        var last = "Smith" + Guid.NewGuid().ToString("N")[..6];
        // More names begin with the common part than one word's read takes, all sorting before the one wanted.
        foreach (var batch in Enumerable.Range(0, 210).Chunk(30))
        {
            await Task.WhenAll(batch.Select(i => people.PersonAsync(TestPerson.New() with { Name = $"{common}a{i:D3} Other" })));
        }

        var wanted = await people.PersonAsync(TestPerson.New() with { Name = $"{common}zz {last}" });

        Assert.Equal($"{wanted.Name} is now Leader.", (await GrantAsync(people, actor, $"{common} {last}", "leader")).Message);

        // Alone, the common part is answered with a list that asks for more, not with "nobody".
        Assert.StartsWith($"Several people match \"{common}\"", (await GrantAsync(people, actor, common, "leader")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_stored_before_names_were_indexed_by_word_is_found_by_first_name_once_the_start_up_backfill_ran()
    {
        var people = await PeopleHarness.CreateAsync();
        var lookup = new UserLookupStore(await AzuriteStorage.WithTablesAsync(UserLookupStore.TableName));
        var actor = await people.PersonAsync(TestPerson.New(), Role.Admin);
        var first = "Older" + Guid.NewGuid().ToString("N")[..6];
        var older = await people.PersonAsync(TestPerson.New() with { Name = $"{first} Person" });
        foreach (var word in UserLookupStore.WordsOf(older.Name))
        {
            await lookup.RemoveAsync(LookupKind.Word, word, older.UserKey, CancellationToken.None);
        }

        AssertRefused(await GrantAsync(people, actor, first, "pm"), $"No one PmoBot knows matches \"{first}\"");

        var backfill = new NameWordBackfill(new PmoBot.Storage.StorageReadiness(), lookup, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<NameWordBackfill>.Instance);
        var job = "test-" + Guid.NewGuid().ToString("N");
        Assert.True(await backfill.RunAsync(job, CancellationToken.None) > 0);

        Assert.Equal($"{older.Name} is now Project manager.", (await GrantAsync(people, actor, first, "pm")).Message);
        Assert.Equal(0, await backfill.RunAsync(job, CancellationToken.None));
    }

    [Fact]
    public async Task A_whole_word_of_a_name_wins_over_names_it_only_begins_and_a_shared_first_name_is_asked_about()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Admin);
        var alex = "Alex" + Guid.NewGuid().ToString("N")[..6];
        var exact = await people.PersonAsync(TestPerson.New() with { Name = $"{alex} Wilber" });
        var longer = await people.PersonAsync(TestPerson.New() with { Name = $"{alex}andra Smith" });

        var whole = await GrantAsync(people, actor, alex, "leader");
        var shared = await GrantAsync(people, actor, alex[..^1], "leader");

        Assert.Equal($"{exact.Name} is now Leader.", whole.Message);
        AssertRefused(shared, $"Several people match \"{alex[..^1]}\": ");
        Assert.Contains(exact.Name, shared.Message, StringComparison.Ordinal);
        Assert.Contains(longer.Name, shared.Message, StringComparison.Ordinal);
        Assert.Contains("Which one? Give more of the name, or their e-mail address.", shared.Message, StringComparison.Ordinal);
        Assert.Empty((await people.ReloadAsync(longer)).Roles);
    }

    [Fact]
    public async Task An_ambiguous_name_is_refused_listing_the_candidates_and_changes_nobody()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Pmo);
        var name = $"Sam {Guid.NewGuid():N}";
        var first = await people.PersonAsync(TestPerson.New() with { Name = name });
        var second = await people.PersonAsync(TestPerson.New() with { Name = name });

        var result = await GrantAsync(people, actor, name, "leader");

        AssertRefused(result, "Several people match");
        Assert.Contains(first.UserKey, result.Message, StringComparison.Ordinal);
        Assert.Contains(second.UserKey, result.Message, StringComparison.Ordinal);
        Assert.Empty((await people.ReloadAsync(first)).Roles);
        Assert.Empty((await people.ReloadAsync(second)).Roles);
    }

    [Fact]
    public async Task An_ambiguous_name_is_resolved_by_a_mention()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Pmo);
        var name = $"Sam {Guid.NewGuid():N}";
        var wanted = TestPerson.New() with { Name = name };
        var other = await people.PersonAsync(TestPerson.New() with { Name = name });
        await people.PersonAsync(wanted);

        var result = await people.Administration.ChangeAsync(
            actor, RoleChangeKind.Grant, name, "leader", [new MentionedPerson(wanted.TeamsUserId, wanted.AadObjectId, name)], CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.True((await people.Directory.GetAsync(wanted.AadObjectId, CancellationToken.None))!.Has(Role.Leader));
        Assert.Empty((await people.ReloadAsync(other)).Roles);
    }

    [Fact]
    public async Task A_mention_of_someone_else_does_not_stand_for_the_person_the_command_names()
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Pmo);
        var megan = TestPerson.New() with { Name = $"Megan {Guid.NewGuid():N}" };
        var addressed = await people.PersonAsync(megan);
        var named = await people.PersonAsync(TestPerson.New() with { Name = $"Adele {Guid.NewGuid():N}" });
        var mention = new MentionedPerson(megan.TeamsUserId, megan.AadObjectId, megan.Name);

        var result = await people.Administration.ChangeAsync(actor, RoleChangeKind.Grant, named.Name, "leader", [mention], CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.True((await people.ReloadAsync(named)).Has(Role.Leader));
        Assert.Empty((await people.ReloadAsync(addressed)).Roles);

        // The twin: a mention shortened to a first name still names its person.
        var shortened = await people.Administration.ChangeAsync(actor, RoleChangeKind.Grant, addressed.Name.Split(' ')[0], "leader", [mention], CancellationToken.None);
        Assert.True(shortened.Succeeded, shortened.Message);
        Assert.True((await people.ReloadAsync(addressed)).Has(Role.Leader));
    }

    [Theory]
    [InlineData(null, "pm")]
    [InlineData("Someone", null)]
    [InlineData("  ", "pm")]
    public async Task A_missing_person_or_role_is_answered_with_the_usage(string? person, string? role)
    {
        var people = await PeopleHarness.CreateAsync();
        var actor = await people.PersonAsync(TestPerson.New(), Role.Pmo);

        var result = await people.Administration.ChangeAsync(actor, RoleChangeKind.Revoke, person, role, [], CancellationToken.None);

        AssertRefused(result, "role revoke ‹name, e-mail or @mention› ‹role›");
    }

    [Theory]
    [InlineData("Megan Bowen pmo", "Megan Bowen", "pmo")]
    [InlineData("  meganb@contoso.com   admin  ", "meganb@contoso.com", "admin")]
    [InlineData("@Megan leader", "@Megan", "leader")]
    [InlineData("Megan", "Megan", null)]
    [InlineData("   ", null, null)]
    public void ParseArguments_takes_the_last_word_as_the_role(string arguments, string? person, string? role)
    {
        Assert.Equal((person, role), RoleAdministration.ParseArguments(arguments));
    }

    private static Task<RoleChangeResult> GrantAsync(PeopleHarness people, PmoUser actor, string person, string role) =>
        people.Administration.ChangeAsync(actor, RoleChangeKind.Grant, person, role, [], CancellationToken.None);

    private static void AssertRefused(RoleChangeResult result, string expected)
    {
        Assert.False(result.Succeeded, result.Message);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
    }
}
