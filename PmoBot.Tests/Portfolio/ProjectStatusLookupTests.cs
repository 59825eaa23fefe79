using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Portfolio.PortfolioHarness;

namespace PmoBot.Tests.Portfolio;

public sealed class ProjectStatusLookupTests
{
    [Fact]
    public async Task Search_finds_by_code_name_pm_or_business_unit_best_first_within_what_the_caller_may_see()
    {
        var harness = await CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var prefix = $"Q{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var unit = ProjectsHarness.NewBusinessUnit();
        var inUnit = await harness.ProjectAsync(adele, $"{unit} {prefix}-1", "Plain name");
        var byName = await harness.ProjectAsync(megan, unit, $"Follows {prefix}-1 work");
        var prefixed = await harness.ProjectAsync(megan, unit, change: p => p with { Code = $"{prefix}-12" });
        var exact = await harness.ProjectAsync(adele, unit, change: p => p with { Code = $"{prefix}-1" });
        await harness.ReviewAsync(exact, Answers(Rag.Red, 30, 400_000));

        var all = await harness.Lookup.SearchAsync(pmo, prefix.ToLowerInvariant() + "-1", 10, None);
        var top2 = await harness.Lookup.SearchAsync(pmo, $"{prefix}-1", 2, None);
        var forMegan = await harness.Lookup.SearchAsync(megan, $"{prefix}-1", 10, None);
        var byPm = await harness.Lookup.SearchAsync(pmo, adele.Name.ToUpperInvariant(), 10, None);

        Assert.Equal([exact.Code, prefixed.Code, byName.Code, inUnit.Code], all.Select(r => r.Code));
        Assert.Equal(new ProjectSearchResult(exact.Code, exact.Name, unit, adele.Name, Rag.Red), all[0]);
        Assert.Null(all[1].Overall);
        Assert.Equal([exact.Code, prefixed.Code], top2.Select(r => r.Code));
        Assert.Equal([prefixed.Code, byName.Code], forMegan.Select(r => r.Code));
        Assert.Equal(new[] { inUnit.Code, exact.Code }.Order(ProjectText.CodeOrder), byPm.Select(r => r.Code));
    }

    [Fact]
    public async Task The_status_card_is_the_commands_card_and_null_for_a_project_not_visible_or_unknown()
    {
        var harness = await CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var project = await harness.ProjectAsync(megan, ProjectsHarness.NewBusinessUnit());
        await harness.ReviewAsync(project, Answers(Rag.Amber, 30, 360_000));
        await harness.LogRiskAsync(project, "Logged", RiskLevel.Medium, RiskLevel.Medium, "Pat");

        var card = await harness.Lookup.StatusCardAsync(megan, project.Code.ToLowerInvariant(), None);
        var command = (await harness.SayAsync(megan, $"status {project.Code}")).Card!;

        Assert.Equal(command.ToJsonString(), card!.ToJsonString());
        Assert.Null(await harness.Lookup.StatusCardAsync(adele, project.Code, None));
        Assert.Null(await harness.Lookup.StatusCardAsync(megan, ProjectsHarness.NewCode(), None));
        Assert.Null(await harness.Lookup.StatusCardAsync(megan, "not a code", None));
    }
}
