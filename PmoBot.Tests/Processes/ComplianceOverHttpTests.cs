using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using PmoBot.Tests.Reviews.CheckIn;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Processes;

/// <summary>The compliance loop through the real app: the PMO publishes review questions, a PM answers them in the review form, and <c>compliance</c> in a channel shows the rate.</summary>
public sealed class ComplianceOverHttpTests
{
    [Fact]
    public async Task A_published_question_is_answered_in_the_review_form_and_compliance_in_a_channel_shows_it()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (lead, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var code = ProjectsHarness.NewCode();
        Assert.IsType<ProjectSaveResult.Saved>(await run.Get<ProjectRegister>().CreateAsync(ProjectsHarness.Valid(code, meganUser) with { PlannedEnd = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1) }, "test", CancellationToken.None));
        var name = NewName();
        await run.PressAsync(lead, (await run.SayAsync(lead, "process add")).Card!, "Save", ValidForm(name, pmo));
        await run.PressAsync(lead, (await run.SayAsync(lead, $"process publish {name}")).Card!, "Publish", new Dictionary<string, string?>
        {
            [VersionForm.WhatChangedField] = "Weekly risk reviews.",
            [VersionForm.ComplianceField] = "Risk register reviewed this week?",
        });
        var questionId = $"{ProcessKey.From(name)}--q1";

        var form = (await run.SayAsync(megan, $"review form {code}")).Card!;
        var inputs = InputsOf(form).Keys.ToDictionary(id => id, id => (string?)CheckInHarness.AnswerFor(new Question(id["answer_".Length..], "?", QuestionType.Text, false)));
        Assert.Contains($"answer_{questionId}", inputs.Keys);
        inputs[$"answer_{questionId}"] = "no";
        var refused = ProcessesHttpRun.CardOf(await run.PressAsync(megan, form, "Submit review", inputs));
        Assert.Contains(TextsOf(refused), t => t.StartsWith("**Why not, and by when will it be fixed?**", StringComparison.Ordinal));
        inputs[$"answer_{questionId}"] = $"no: the register tool was down; fix by {DateTime.UtcNow.AddDays(3):yyyy-MM-dd}";
        var submitted = ProcessesHttpRun.CardOf(await run.PressAsync(megan, refused, "Submit review", inputs));
        Assert.Contains(TextsOf(submitted), t => t.StartsWith("Submitted", StringComparison.Ordinal));

        var channelId = $"19:{Guid.NewGuid():N}@thread.tacv2";
        var ask = TeamsActivities.ChannelMessage(lead, "compliance", channelId, run.Connector.ServiceUrl);
        using (var response = await run.PostAsync(ask))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        var card = (await run.Connector.WaitForAsync(ask.Conversation.Id, 1))[^1].Card!;
        Assert.Contains(TextsOf(card), t => t == name);
        Assert.Contains(TextsOf(card), t => t == $"{code} · {ProjectsHarness.Valid(code, meganUser).Name}");
        Assert.NotNull(CardCharts.Only(card, "Chart.Line"));
        await AdaptiveCardValidator.AssertAllValidAsync([("review form over http", form), ("compliance over http", card)]);
    }
}
