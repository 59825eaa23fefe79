using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Projects;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Processes;

/// <summary>Who a rollout goes to: role holders, a business unit's PMs and deputies, or people named one by one.</summary>
public sealed class RolloutAudienceTests
{
    [Fact]
    public async Task A_business_unit_is_the_pms_and_deputies_of_its_active_projects_each_with_their_business_units()
    {
        var h = await CreateAsync();
        var unit = ProjectsHarness.NewBusinessUnit();
        var other = ProjectsHarness.NewBusinessUnit();
        var megan = await h.Projects.PersonAsync("Megan");
        var adele = await h.Projects.PersonAsync("Adele");
        var onHold = await h.Projects.PersonAsync("Nestor");
        var outsider = await h.Projects.PersonAsync("Lynne");
        await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan, adele, unit));
        await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan, businessUnit: other));
        await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), onHold, businessUnit: unit) with { Status = ProjectStatus.OnHold });
        await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), outsider, businessUnit: other));

        var resolved = await h.Audiences.ResolveAsync(new RolloutAudience(AudienceKind.BusinessUnit, unit.ToUpperInvariant()), [], None);

        Assert.Empty(resolved.Errors);
        Assert.Equal([adele.UserKey, megan.UserKey], resolved.Members.OrderBy(m => m.Name).Select(m => m.UserKey));
        Assert.Equal(new[] { other, unit }.Order(StringComparer.OrdinalIgnoreCase), resolved.Members.Single(m => m.UserKey == megan.UserKey).BusinessUnits);
        Assert.Equal([unit], resolved.Members.Single(m => m.UserKey == adele.UserKey).BusinessUnits);
    }

    [Fact]
    public async Task A_business_unit_without_active_projects_is_refused_and_names_the_known_ones()
    {
        var h = await CreateAsync();
        var unit = ProjectsHarness.NewBusinessUnit();
        var pm = await h.Projects.PersonAsync("Megan");
        await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), pm, businessUnit: unit));

        var refused = await h.Audiences.ResolveAsync(new RolloutAudience(AudienceKind.BusinessUnit, unit + " typo"), [], None);
        var accepted = await h.Audiences.ResolveAsync(new RolloutAudience(AudienceKind.BusinessUnit, unit), [], None);

        Assert.Empty(refused.Members);
        Assert.Contains(refused.Errors, e => e.StartsWith($"No active project is in business unit \"{unit} typo\"", StringComparison.Ordinal) && e.Contains(unit, StringComparison.Ordinal));
        Assert.Equal([pm.UserKey], accepted.Members.Select(m => m.UserKey));
    }

    [Fact]
    public async Task All_pms_and_a_role_are_the_holders_of_that_role_and_nobody_else()
    {
        var h = await CreateAsync();
        var pm = await h.Projects.People.PersonAsync(TestPerson.New("Megan"), Role.ProjectManager);
        var leader = await h.Projects.People.PersonAsync(TestPerson.New("Isaiah"), Role.Leader);

        var pms = await h.Audiences.ResolveAsync(RolloutAudience.AllProjectManagers, [], None);
        var leaders = await h.Audiences.ResolveAsync(new RolloutAudience(AudienceKind.Role, "leader"), [], None);
        var wrong = await h.Audiences.ResolveAsync(new RolloutAudience(AudienceKind.Role, "sponsor"), [], None);

        Assert.Contains(pms.Members, m => m.UserKey == pm.UserKey);
        Assert.DoesNotContain(pms.Members, m => m.UserKey == leader.UserKey);
        Assert.Contains(leaders.Members, m => m.UserKey == leader.UserKey);
        Assert.DoesNotContain(leaders.Members, m => m.UserKey == pm.UserKey);
        Assert.Equal(["\"sponsor\" is not a role: type pm, pmo, leader or admin."], wrong.Errors);
    }

    [Fact]
    public async Task Named_people_are_found_by_name_e_mail_or_id_and_every_unknown_name_is_reported()
    {
        var h = await CreateAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var adele = await h.Projects.PersonWithEmailAsync("Adele");
        var nestor = await h.Projects.PersonAsync("Nestor");
        var unknown = "Nobody " + Guid.NewGuid().ToString("N")[..6];

        var found = await h.Audiences.ResolveAsync(new RolloutAudience(AudienceKind.People, $"{megan.Name}; {adele.Email}\n{nestor.UserKey}"), [], None);
        var refused = await h.Audiences.ResolveAsync(new RolloutAudience(AudienceKind.People, $"{megan.Name}; {unknown}"), [], None);
        var empty = await h.Audiences.ResolveAsync(new RolloutAudience(AudienceKind.People, " ; "), [], None);

        Assert.Empty(found.Errors);
        Assert.Equal(new[] { megan, adele, nestor }.Select(p => p.UserKey).Order(), found.Members.Select(m => m.UserKey).Order());
        Assert.Empty(refused.Members);
        Assert.Equal([new PersonSearch.NotFound(unknown).Sentence], refused.Errors);
        Assert.StartsWith($"No one PmoBot knows matches \"{unknown}\"", refused.Errors[0], StringComparison.Ordinal);
        Assert.Single(empty.Errors);
    }

    [Fact]
    public async Task Named_people_are_found_by_a_unique_first_name_and_a_first_name_two_people_share_lists_them_and_asks_which()
    {
        var h = await CreateAsync();
        var first = "Megan" + Guid.NewGuid().ToString("N")[..6];
        var shared = "Adele" + Guid.NewGuid().ToString("N")[..6];
        var megan = await h.Projects.PersonAsync(first);
        var adele = await h.Projects.PersonAsync(shared);
        var namesake = await h.Projects.PersonAsync(shared);

        var found = await h.Audiences.ResolveAsync(new RolloutAudience(AudienceKind.People, first.ToLowerInvariant()), [], None);
        var twoOfThem = await h.Audiences.ResolveAsync(new RolloutAudience(AudienceKind.People, shared), [], None);

        Assert.Empty(found.Errors);
        Assert.Equal([megan.UserKey], found.Members.Select(m => m.UserKey));
        Assert.Empty(twoOfThem.Members);
        var question = Assert.Single(twoOfThem.Errors);
        Assert.StartsWith($"Several people match \"{shared}\": ", question, StringComparison.Ordinal);
        Assert.Contains(adele.Name, question, StringComparison.Ordinal);
        Assert.Contains(namesake.Name, question, StringComparison.Ordinal);
        Assert.EndsWith("Which one? Give more of the name, or their e-mail address.", question, StringComparison.Ordinal);
    }
}
