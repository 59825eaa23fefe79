using Microsoft.Extensions.DependencyInjection;
using PmoBot.Demo;
using PmoBot.Processes;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Demo;

/// <summary>
/// The demo's process library on a first start, over real HTTP on a storage account of its own: three processes, the
/// risk management rollout mid-way (three acknowledged, Megan overdue), and compliance rates and a trend from the
/// seeded weeks of reviews at once; a restart (seeding again) changes nothing.
/// </summary>
public sealed class DemoProcessesTests : SeededDemoRun
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly TestPerson Alex = Demo("Alex Wilber");

    [Fact]
    public async Task A_first_start_shows_three_processes_a_rollout_with_one_overdue_and_compliance_rates_with_a_trend_and_a_restart_adds_nothing()
    {
        await using (var first = Server())
        {
            using var client = await StartAsync(first);
            await SeededAsync(first);

            var library = await SayAsync(client, Alex, "processes");
            foreach (var name in new[] { DemoProcesses.RiskManagement, DemoProcesses.ChangeControl, DemoProcesses.StatusReporting })
            {
                Assert.Contains(TextsOf(library.Card!).Concat(FactsOf(library.Card!).Select(f => f.Title)), t => t.Contains(name, StringComparison.Ordinal));
            }

            var rollout = (await SayAsync(client, Alex, "rollout risk management")).Card!;
            Assert.Contains(("Acknowledged", "3 (75%)"), FactsOf(rollout));
            Assert.Contains(("Overdue", "1 (25%)"), FactsOf(rollout));
            Assert.Contains(TextsOf(rollout), t => t == "Overdue (1)");
            Assert.Contains(TextsOf(rollout), t => t.Contains("Megan Bowen", StringComparison.Ordinal));

            // Hand-computed from the seeded weeks: risk management asked of PRJ-101, PRJ-103 (execution) and PRJ-108
            // (planning), 18 answers with 4 no; change control of the two in execution, 12 with 3 no; status
            // reporting of all four reviewed projects, 24 with 1 no.
            var compliance = (await SayAsync(client, Alex, "compliance")).Card!;
            var byProcess = TableAfter(compliance, "By process, worst first");
            Assert.Equal([DemoProcesses.ChangeControl, "75%", "9", "3", "0"], byProcess[1]);
            Assert.Equal([DemoProcesses.RiskManagement, "78%", "14", "4", "0"], byProcess[2]);
            Assert.Equal([DemoProcesses.StatusReporting, "96%", "23", "1", "0"], byProcess[3]);
            var chart = CardCharts.Only(compliance, "Chart.Line");
            var riskLine = chart["data"]!.AsArray().Single(s => s!["legend"]!.GetValue<string>() == DemoProcesses.RiskManagement)!["values"]!.AsArray();
            Assert.True(riskLine.Count >= 6, $"{riskLine.Count} weeks on the risk management line");
            Assert.Contains(riskLine, v => v!["y"]!.GetValue<decimal>() < 100m);
            Assert.Equal(100m, riskLine[^1]!["y"]!.GetValue<decimal>());
            // Megan runs projects under risk management version 2 and has not acknowledged it.
            Assert.Contains(FactsOf(compliance), f => f.Title.Contains("Megan Bowen", StringComparison.Ordinal) || f.Value.Contains("Megan Bowen", StringComparison.Ordinal));

            // The questionnaire asks the three processes' questions, each in its stages.
            var template = await first.Services.GetRequiredService<ReviewTemplateStore>().GetCurrentAsync(None);
            var asked = template.Questions.Where(q => q.Type == QuestionType.Compliance).ToList();
            Assert.Equal(["Risk register reviewed this week?", "Change requests approved before the work started?", "Status report sent on time?"], asked.Select(q => q.Text));
            Assert.Equal([PmoBot.Projects.ProjectStage.Planning, PmoBot.Projects.ProjectStage.Execution], asked[0].Stages);
            Assert.Null(asked[2].Stages);
            await AdaptiveCardValidator.AssertAllValidAsync([("demo processes", library.Card!), ("demo rollout", rollout), ("demo compliance", compliance)]);
        }

        await using var second = Server();
        using var restarted = await StartAsync(second);
        await SeededAsync(second);
        var store = second.Services.GetRequiredService<ProcessStore>();
        Assert.Equal(3, (await store.ListAsync(None)).Count);
        Assert.Equal(2, (await store.ListVersionsAsync(DemoProcesses.KeyOf(DemoProcesses.RiskManagement), None)).Count);
        var again = (await SayAsync(restarted, Alex, "compliance")).Card!;
        Assert.Equal([DemoProcesses.RiskManagement, "78%", "14", "4", "0"], TableAfter(again, "By process, worst first")[2]);
        Assert.DoesNotContain(Connector.Sent, a => a.Card is { } c && TextsOf(c).Contains(RolloutCards.AcknowledgeTitle));
    }

    private async Task<RecordingConnector.SentActivity> SayAsync(HttpClient client, TestPerson person, string text)
    {
        var activity = TeamsActivities.PersonalMessage(person, text, Connector.ServiceUrl);
        var before = Connector.Sent.Count(a => a.ConversationId == activity.Conversation.Id);
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(TeamsActivities.ToJson(activity), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode} for \"{text}\"");
        return (await Connector.WaitForAsync(activity.Conversation.Id, before + 1))[^1];
    }
}
