using System.Text.Json.Nodes;
using PmoBot.Development.Training;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Training;

/// <summary>The training catalogue, plans, coverage and suggestions over HTTP, as the PMO and a PM use them in Teams.</summary>
public sealed class TrainingOverHttpTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string Header => string.Join(",", TrainingCsvImporter.Columns);

    [Fact]
    public async Task The_pmo_sends_the_training_csv_a_bad_row_is_reported_again_changes_nothing_and_other_csvs_still_go_to_projects()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var id = $"TR-{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var csv = $"{Header}\n{id},Quantitative risk analysis,risk,Practitioner,Online,14,PMI,https://example.org/qra,0,10,4\n{id}X,Broken row,astrology,Expert,Online,-2,,,,,\n";

        var first = Assert.Single(await run.SendFileAsync(alex, "training-catalogue.csv", csv));
        var again = Assert.Single(await run.SendFileAsync(alex, "training-catalogue.csv", csv));
        var asProjects = Assert.Single(await run.SendFileAsync(alex, "my-list.csv", csv));
        var refused = Assert.Single(await run.SendFileAsync(megan, "training-catalogue.csv", csv));

        Assert.Equal("training-catalogue.csv: 1 created, 0 updated, 0 unchanged, 1 failed.", first.Body["summary"]!.GetValue<string>());
        var line3 = FactsOf(first.Card!).Single(f => f.Title == "Line 3").Value;
        Assert.Contains("The knowledge area \"astrology\" is not one of", line3, StringComparison.Ordinal);
        Assert.Contains("The level \"Expert\" is not one of", line3, StringComparison.Ordinal);
        Assert.Contains("The duration in hours \"-2\" is not a number", line3, StringComparison.Ordinal);
        Assert.Equal("training-catalogue.csv: 0 created, 0 updated, 1 unchanged, 1 failed.", again.Body["summary"]!.GetValue<string>());
        Assert.StartsWith("my-list.csv: Nothing was imported. Line 1 (the header): Unknown columns", asProjects.Body["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("only the PMO maintains the training catalogue", refused.Text, StringComparison.Ordinal);
        var programme = (await run.Get<TrainingCatalogueStore>().GetAsync(id, None))!;
        Assert.Equal(("risk", ProgrammeLevel.Practitioner, 14m, 10m), (programme.KnowledgeArea, programme.Level, programme.DurationHours, programme.Pdus.PowerSkills));
        var catalogue = Assert.Single(await run.SayAsync(megan, "training risk")).Card!;
        Assert.Contains(FactsOf(catalogue), f => f.Title == id && f.Value.StartsWith("Quantitative risk analysis · Practitioner · Online · 14 h · PMI", StringComparison.Ordinal));
        // The example under the catalogue works when typed as it stands.
        var hint = TextsOf(catalogue)[^1];
        var example = System.Text.RegularExpressions.Regex.Match(hint, @"e\.g\. (plan add \S+ \d{4}-\d{2}-\d{2})\)").Groups[1].Value;
        Assert.StartsWith("Added ", Assert.Single(await run.SayAsync(megan, example)).Card is { } added ? TextsOf(added)[1] : string.Empty, StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertAllValidAsync([("import report", first.Card!), ("catalogue", catalogue)]);
    }

    [Fact]
    public async Task A_pm_with_a_cost_warning_is_offered_cost_training_plans_it_finishes_it_and_coverage_counts_it()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var costId = $"TR-C{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var riskId = $"TR-R{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        using (var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"{Header}\n{costId},Earned value for PMs,cost,Foundation,Classroom,7,,,,,7\n{riskId},Risk workshops,risk,Foundation,Online,3,,,3,,\n")))
        {
            Assert.Equal(2, (await run.Get<TrainingCsvImporter>().ImportAsync(file, None)).Created);
        }

        var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(), meganUser);
        Assert.IsType<ProjectSaveResult.Saved>(await run.Get<ProjectRegister>().CreateAsync(project, "test", None));
        var raised = DateTimeOffset.UtcNow.AddDays(-20);
        await run.Get<WarningStore>().TryAddAsync(
            new WarningEpisode(WarningEpisode.NewId(project.Code, CpiLowRule.RuleId, raised), project.Code, project.Name, meganUser.UserKey, meganUser.Name, CpiLowRule.RuleId, WarningSeverity.Watch, "CPI 0.85", "falling", raised, raised, 1),
            None);

        var suggested = Assert.Single(await run.SayAsync(megan, "plan")).Card!;
        Assert.Contains("Suggested: Cost", TextsOf(suggested));
        Assert.Contains(TextsOf(suggested), t => t.StartsWith($"Why: {project.Code} ({project.Name}) raised \"", StringComparison.Ordinal));
        Assert.Contains(FactsOf(suggested), f => f.Title == costId);
        Assert.DoesNotContain(FactsOf(suggested), f => f.Title == riskId);

        Assert.Contains("\"TR-NOPE\" is not in the training catalogue", Assert.Single(await run.SayAsync(megan, "plan add TR-NOPE")).Text, StringComparison.Ordinal);
        Assert.Equal("The due date 1 Jan 2020 has passed; give one from today on. Nothing was added.", Assert.Single(await run.SayAsync(megan, $"plan add {riskId} 2020-01-01")).Text);
        var planned = Assert.Single(await run.SayAsync(megan, $"plan add {costId} 2030-06-30")).Card!;
        // Typed as ISO, read back in the format every card uses.
        Assert.Contains($"Added {costId} Earned value for PMs, due 30 Jun 2030.", TextsOf(planned));
        Assert.Contains(FactsOf(planned), f => f.Title == costId && f.Value == "Earned value for PMs · Planned · due 30 Jun 2030");
        Assert.Contains($"Already in your plan for Cost: {costId} (planned).", TextsOf(planned));
        // Planned: in the plan, and no longer suggested beside it.
        Assert.DoesNotContain(FactsOf(planned), f => f.Title == costId && f.Value.Contains("Classroom", StringComparison.Ordinal));
        await run.Get<DevelopmentPlanStore>().SaveAsync(new PlanItem(meganUser.UserKey, meganUser.Name, riskId, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3), PlanStatus.Planned, DateTimeOffset.UtcNow), None);
        var done = Assert.Single(await run.SayAsync(megan, $"plan done {costId}")).Card!;
        Assert.Contains(FactsOf(done), f => f.Title == costId && f.Value.StartsWith("Earned value for PMs · Done", StringComparison.Ordinal));
        Assert.Contains("1 behind plan: past the due date and not done.", TextsOf(done));
        // Done: the suggestion no longer offers the programme.
        Assert.DoesNotContain(FactsOf(done), f => f.Title == costId && f.Value.Contains("Classroom", StringComparison.Ordinal));

        Assert.Contains("is for PMO, Leader or Admin", Assert.Single(await run.SayAsync(megan, "training coverage")).Text, StringComparison.Ordinal);
        var coverage = Assert.Single(await run.SayAsync(alex, "training coverage")).Card!;
        var chart = CardCharts.Only(coverage, "Chart.HorizontalBar.Stacked");
        var cost = chart["data"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == "Cost")!["data"]!.AsArray();
        Assert.True(cost[0]!["value"]!.GetValue<int>() >= 1, "Megan is trained in cost");
        Assert.Contains(FactsOf(coverage), f => f.Title == meganUser.Name && f.Value.StartsWith($"{riskId} Risk workshops · due", StringComparison.Ordinal));
        Assert.Equal($"Development plan · {meganUser.Name}", TextsOf(Assert.Single(await run.SayAsync(alex, $"plan {meganUser.Name}")).Card!)[0]);
        Assert.Contains("Plans are personal", Assert.Single(await run.SayAsync(megan, $"plan {alex.Name}")).Text, StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertAllValidAsync([("suggested", suggested), ("planned", planned), ("done", done), ("coverage", coverage)]);
    }
}
