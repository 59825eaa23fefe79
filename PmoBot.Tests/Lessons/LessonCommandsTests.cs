using PmoBot.Lessons;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Lessons;

public sealed class LessonCommandsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_pmo_records_a_lesson_through_the_form_and_gets_it_back_with_its_contingency_actions()
    {
        var harness = await LessonsHarness.CreateAsync();
        var pmo = await harness.Projects.PersonAsync("Patti", Role.Pmo);
        var pm = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var code = ProjectsHarness.NewCode();
        await harness.Projects.CreateAsync(ProjectsHarness.Valid(code, pm));

        var form = (await harness.SayAsync(pmo, "lesson add cpi-low")).Card!;
        var saved = await harness.SaveAsync(pmo, form, new Dictionary<string, string?>
        {
            [LessonCards.TitleField] = "Contractor rates drifted",
            [LessonCards.CategoryField] = "cpi-low",
            [LessonCards.ProjectField] = code.ToLowerInvariant(),
            [LessonCards.WhatHappenedField] = "CPI fell to 0.84 as contractor rates renewed higher.",
            [LessonCards.WhatToDoField] = "Fix rates in the statement of work.",
            [LessonCards.ActionsField] = "- Freeze extensions\n\n* Re-forecast the EAC with the sponsor\n",
        });

        Assert.Equal("cpi-low", ProjectsHarness.InputsOf(form)[LessonCards.CategoryField]);
        var stored = Assert.Single(await harness.Store.ListAsync(None));
        Assert.Equal((code, "cpi-low", pmo.Name), (stored.ProjectCode, stored.Category, stored.RecordedBy));
        Assert.Equal(["Freeze extensions", "Re-forecast the EAC with the sponsor"], stored.ContingencyActions);
        Assert.Contains(TextsOf(saved.Card), t => t.StartsWith($"Recorded {stored.Id}.", StringComparison.Ordinal));
        Assert.Contains(("Project", code), FactsOf(saved.Card!));
        await AdaptiveCardValidator.AssertAllValidAsync([("lesson form", form), ("lesson card", saved.Card!)]);
    }

    private static readonly Dictionary<string, string?> RiskLesson = new()
    {
        [LessonCards.TitleField] = "Risks found too late",
        [LessonCards.CategoryField] = "risk",
        [LessonCards.WhatHappenedField] = "Nobody reviewed the register.",
        [LessonCards.WhatToDoField] = "Review the register weekly.",
    };

    [Fact]
    public async Task A_lesson_form_whose_id_is_longer_than_any_form_has_is_refused_in_words_and_the_form_as_sent_saves()
    {
        var harness = await LessonsHarness.CreateAsync();
        var pmo = await harness.Projects.PersonAsync("Patti", Role.Pmo);
        var form = (await harness.SayAsync(pmo, "lesson add risk")).Card!;

        var refused = await harness.SaveAsync(pmo, form, new Dictionary<string, string?>(RiskLesson) { [LessonCards.FormIdField] = new string('f', 40_000) });

        Assert.Equal("This lesson form is not one PmoBot made (its id is too long), so nothing was saved. Type **lesson add** for a fresh form.", refused.Text);
        Assert.Empty(await harness.Store.ListAsync(None));
        var saved = await harness.SaveAsync(pmo, form, RiskLesson);
        Assert.Equal($"Recorded lesson {Assert.Single(await harness.Store.ListAsync(None)).Id}: Risks found too late.", saved.Text);
    }

    [Fact]
    public async Task Saving_the_same_lesson_form_again_records_nothing_new_and_answers_already_saved()
    {
        var harness = await LessonsHarness.CreateAsync();
        var pmo = await harness.Projects.PersonAsync("Patti", Role.Pmo);
        var form = (await harness.SayAsync(pmo, "lesson add risk")).Card!;

        var first = await harness.SaveAsync(pmo, form, RiskLesson);
        var again = await harness.SaveAsync(pmo, form, RiskLesson);

        var stored = Assert.Single(await harness.Store.ListAsync(None));
        Assert.Equal($"Recorded lesson {stored.Id}: Risks found too late.", first.Text);
        Assert.Equal($"Already saved: this form recorded lesson {stored.Id} (Risks found too late); nothing new was created.", again.Text);
        Assert.Contains($"Already saved as {stored.Id}: this form was sent before, so nothing new was created.", TextsOf(again.Card));
        Assert.Single(await harness.Store.ListAsync(None));
        await AdaptiveCardValidator.AssertValidAsync("lesson already saved", again.Card!);
    }

    [Fact]
    public async Task A_lesson_form_sent_back_with_mistakes_and_then_fixed_records_one_lesson_and_a_new_form_records_another()
    {
        var harness = await LessonsHarness.CreateAsync();
        var pmo = await harness.Projects.PersonAsync("Patti", Role.Pmo);
        var form = (await harness.SayAsync(pmo, "lesson add risk")).Card!;
        var withMistakes = (await harness.SaveAsync(pmo, form, new Dictionary<string, string?>(RiskLesson) { [LessonCards.WhatToDoField] = null })).Card!;

        var fixedForm = await harness.SaveAsync(pmo, withMistakes, RiskLesson);
        var newForm = await harness.SaveAsync(pmo, (await harness.SayAsync(pmo, "lesson add risk")).Card!, RiskLesson);

        Assert.StartsWith("Recorded lesson ", fixedForm.Text, StringComparison.Ordinal);
        Assert.StartsWith("Recorded lesson ", newForm.Text, StringComparison.Ordinal);
        Assert.Equal(2, (await harness.Store.ListAsync(None)).Count);
    }

    [Fact]
    public async Task A_form_with_mistakes_comes_back_in_the_same_card_with_every_error_and_nothing_is_saved()
    {
        var harness = await LessonsHarness.CreateAsync();
        var pmo = await harness.Projects.PersonAsync("Patti", Role.Pmo);
        var form = (await harness.SayAsync(pmo, "lesson add")).Card!;

        var answer = await harness.SaveAsync(pmo, form, new Dictionary<string, string?>
        {
            [LessonCards.TitleField] = "Rates drifted",
            [LessonCards.CategoryField] = "budget",
            [LessonCards.ProjectField] = ProjectsHarness.NewCode(),
            [LessonCards.WhatHappenedField] = "  ",
            [LessonCards.ActionsField] = string.Join("\n", Enumerable.Range(1, 11).Select(i => $"Action {i}")),
        });

        var errors = TextsOf(answer.Card).Single(t => t.StartsWith("Nothing was saved yet. Please fix:", StringComparison.Ordinal));
        Assert.Contains("What happened: say what happened.", errors, StringComparison.Ordinal);
        Assert.Contains("What to do next time: say what to do next time.", errors, StringComparison.Ordinal);
        Assert.Contains("Category: \"budget\" is not one PmoBot knows", errors, StringComparison.Ordinal);
        Assert.Contains("Project: there is no project", errors, StringComparison.Ordinal);
        Assert.Contains("Contingency actions: at most 10", errors, StringComparison.Ordinal);
        Assert.Equal("Rates drifted", ProjectsHarness.InputsOf(answer.Card!)[LessonCards.TitleField]);
        Assert.StartsWith("Nothing was saved yet:", answer.Text, StringComparison.Ordinal);
        Assert.Empty(await harness.Store.ListAsync(None));
        await AdaptiveCardValidator.AssertValidAsync("lesson form with errors", answer.Card!);
    }

    [Fact]
    public async Task Lessons_of_a_category_are_listed_newest_first_five_a_page_with_more()
    {
        var harness = await LessonsHarness.CreateAsync();
        var pmo = await harness.Projects.PersonAsync("Patti", Role.Pmo);
        var start = new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 7; i++)
        {
            await harness.AddAsync(LessonsHarness.Lesson("risk", $"Risk lesson {i}", start.AddDays(i), "Happened.", "Act"));
        }

        await harness.AddAsync(LessonsHarness.Lesson("scope", "Scope lesson", start));

        var first = (await harness.SayAsync(pmo, "lessons Risk")).Card!;
        var second = (await harness.SayAsync(pmo, "lessons risk page 2")).Card!;
        var all = (await harness.SayAsync(pmo, "lessons")).Card!;

        Assert.Contains("Lessons learned: Risk (7)", TextsOf(first));
        Assert.Equal(["Risk lesson 7", "Risk lesson 6", "Risk lesson 5", "Risk lesson 4", "Risk lesson 3"], TextsOf(first).Where(t => t.StartsWith("Risk lesson", StringComparison.Ordinal)));
        Assert.Equal("lessons risk page 2", first["actions"]![0]!["data"]!["command"]!.GetValue<string>());
        Assert.Equal(["Risk lesson 2", "Risk lesson 1"], TextsOf(second).Where(t => t.StartsWith("Risk lesson", StringComparison.Ordinal)));
        Assert.Null(second["actions"]);
        Assert.Contains("Lessons learned (8)", TextsOf(all));
        Assert.Contains("is not a lesson category", (await harness.SayAsync(pmo, "lessons budget")).Text, StringComparison.Ordinal);
        Assert.Contains("not a page number", (await harness.SayAsync(pmo, "lessons page two")).Text, StringComparison.Ordinal);
        Assert.Contains("is for PMO or Admin", (await harness.SayAsync(await harness.Projects.PersonAsync("Megan", Role.ProjectManager), "lesson add")).Text, StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertAllValidAsync([("lessons page 1", first), ("lessons page 2", second), ("lessons empty", (await harness.SayAsync(pmo, "lessons quality")).Card!)]);
    }
}
