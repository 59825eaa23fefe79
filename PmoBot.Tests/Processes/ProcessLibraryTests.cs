using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Projects;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Processes;

/// <summary>The library: processes added and edited from the form, found by what people type, versions only ever added.</summary>
public sealed class ProcessLibraryTests
{
    [Fact]
    public async Task Process_add_saves_the_form_and_answers_with_the_process_card()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var owner = await h.Projects.PersonAsync("Owen");
        var form = (await h.SayAsync(pmo, "process add")).Card!;
        var name = NewName();

        var saved = await h.PressAsync(pmo, form, "Save", new Dictionary<string, string?>(ValidForm(name, pmo)) { [ProcessCards.OwnerField] = owner.Name });

        var stored = (await h.Library.GetAsync(ProcessKey.From(name), None))!.Process;
        Assert.Equal(name, stored.Name);
        Assert.Equal(new ProcessOwner(owner.UserKey, owner.Name), stored.Owner);
        Assert.Equal(["risk"], stored.KnowledgeAreas);
        Assert.Equal([ProjectStage.Planning, ProjectStage.Execution], stored.Stages);
        Assert.Equal(0, stored.CurrentVersion);
        Assert.Contains(("Owner", owner.Name), FactsOf(saved.Card!));
        Assert.Contains(("Current version", "none published yet"), FactsOf(saved.Card!));
        Assert.Contains(ActionsOf(saved.Card!), a => a["title"]!.GetValue<string>() == "Publish version 1");
        await AdaptiveCardValidator.AssertAllValidAsync([("process form", form), ("process card", saved.Card!)]);
    }

    [Fact]
    public async Task A_form_with_mistakes_comes_back_with_every_problem_and_nothing_is_saved_and_the_corrected_form_is_saved()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var form = (await h.SayAsync(pmo, "process add")).Card!;
        var name = NewName();
        var bad = new Dictionary<string, string?>(ValidForm(name, pmo))
        {
            [ProcessCards.OwnerField] = "Nobody Known " + Guid.NewGuid().ToString("N")[..6],
            [ProcessCards.DocumentField] = "sharepoint/risk.docx",
            [ProcessCards.AreasField] = null,
            [ProcessCards.SummaryField] = new string('x', ProcessInputReader.MaxSummaryLength + 1),
        };

        var refused = await h.PressAsync(pmo, form, "Save", bad);

        var texts = string.Join("\n", TextsOf(refused.Card));
        Assert.Contains("Owner: No one PmoBot knows matches", texts, StringComparison.Ordinal);
        Assert.Contains("is not a web address", texts, StringComparison.Ordinal);
        Assert.Contains("Choose at least one knowledge area", texts, StringComparison.Ordinal);
        Assert.Contains($"the most is {ProcessInputReader.MaxSummaryLength}", texts, StringComparison.Ordinal);
        Assert.Null(await h.Library.GetAsync(ProcessKey.From(name), None));
        await AdaptiveCardValidator.AssertValidAsync("form with errors", refused.Card!);

        var accepted = await h.PressAsync(pmo, refused.Card!, "Save", ValidForm(name, pmo));
        Assert.NotNull(await h.Library.GetAsync(ProcessKey.From(name), None));
        Assert.Contains(TextsOf(accepted.Card), t => t.StartsWith("Added ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_process_with_the_same_name_is_refused_and_the_first_is_unchanged()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var first = await h.AddProcessAsync(pmo);
        var form = (await h.SayAsync(pmo, "process add")).Card!;

        var refused = await h.PressAsync(pmo, form, "Save", new Dictionary<string, string?>(ValidForm(first.Process.Name.ToUpperInvariant(), pmo)) { [ProcessCards.SummaryField] = "Another one." });

        Assert.Contains(TextsOf(refused.Card), t => t.Contains($"There is already a process called {first.Process.Name}", StringComparison.Ordinal));
        Assert.Equal(first.Process.Summary, (await h.Library.GetAsync(first.Process.Key, None))!.Process.Summary);
    }

    [Fact]
    public async Task An_edit_saves_and_an_edit_from_a_stale_form_overwrites_nothing()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var stored = await h.AddProcessAsync(pmo);
        var formA = (await h.SayAsync(pmo, $"process edit {stored.Process.Key}")).Card!;
        var formB = (await h.SayAsync(pmo, $"process edit {stored.Process.Key}")).Card!;

        var saved = await h.PressAsync(pmo, formA, "Save", new Dictionary<string, string?> { [ProcessCards.SummaryField] = "Edited in A." });
        var stale = await h.PressAsync(pmo, formB, "Save", new Dictionary<string, string?> { [ProcessCards.SummaryField] = "Edited in B." });
        var unchanged = await h.PressAsync(pmo, (await h.SayAsync(pmo, $"process edit {stored.Process.Key}")).Card!, "Save");

        Assert.Contains("Saved.", TextsOf(saved.Card));
        Assert.Contains(TextsOf(stale.Card), t => t.Contains("changed this process while you were editing it", StringComparison.Ordinal));
        Assert.Contains("Nothing changed, so nothing was saved.", TextsOf(unchanged.Card));
        Assert.Equal("Edited in A.", (await h.Library.GetAsync(stored.Process.Key, None))!.Process.Summary);
    }

    [Fact]
    public async Task A_process_is_found_by_key_by_name_in_any_case_and_by_a_part_only_it_has()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var risk = await h.AddProcessAsync(pmo, NewName("Risk management"));
        var change = await h.AddProcessAsync(pmo, NewName("Change control"));

        Assert.Equal(risk.Process.Key, Found(await h.Library.FindAsync(risk.Process.Key, None)));
        Assert.Equal(risk.Process.Key, Found(await h.Library.FindAsync(risk.Process.Name.ToUpperInvariant(), None)));
        Assert.Equal(change.Process.Key, Found(await h.Library.FindAsync("change", None)));
        var ambiguous = Assert.IsType<ProcessSearch.Ambiguous>(await h.Library.FindAsync("an", None));
        Assert.Equal(2, ambiguous.Candidates.Count);
        var missing = Assert.IsType<ProcessSearch.NotFound>(await h.Library.FindAsync(risk.Process.Name[..^1] + "zz", None));
        Assert.Equal(risk.Process.Key, missing.Closest?.Key);

        var answer = await h.SayAsync(pmo, "process chnge contrl");
        Assert.Contains("There is no process called", answer.Text, StringComparison.Ordinal);

        static string Found(ProcessSearch search) => Assert.IsType<ProcessSearch.Found>(search).Process.Process.Key;
    }

    [Fact]
    public async Task Publishing_adds_versions_one_after_another_and_the_card_shows_the_current_one_and_the_history()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var stored = await h.AddProcessAsync(pmo);

        var first = await h.PublishAsync(pmo, stored.Process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "First version.", [VersionForm.EffectiveField] = "2025-04-01" });
        var second = await h.PublishAsync(pmo, stored.Process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Risks reviewed weekly.", [VersionForm.EffectiveField] = "2025-05-01" });

        Assert.Contains(TextsOf(first.Card), t => t.StartsWith("Published version 1 of", StringComparison.Ordinal));
        var card = second.Card!;
        Assert.Contains(("Current version", "2, effective 1 May 2025"), FactsOf(card));
        Assert.Contains("Risks reviewed weekly.", TextsOf(card));
        Assert.Contains(FactsOf(card), f => f.Title == "Version 1" && f.Value.EndsWith(": First version.", StringComparison.Ordinal));
        var versions = await h.Library.VersionsAsync(stored.Process.Key, None);
        Assert.Equal([2, 1], versions.Select(v => v.Number));
        Assert.Equal(2, (await h.Library.GetAsync(stored.Process.Key, None))!.Process.CurrentVersion);
        await AdaptiveCardValidator.AssertValidAsync("process with history", card);
    }

    [Fact]
    public async Task A_publish_form_opened_before_another_publish_publishes_nothing_and_says_so()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var stored = await h.AddProcessAsync(pmo);
        var stale = (await h.SayAsync(pmo, $"process publish {stored.Process.Key}")).Card!;
        await h.PublishAsync(pmo, stored.Process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "By someone else." });

        var refused = await h.PressAsync(pmo, stale, "Publish", new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Mine." });

        Assert.Contains(TextsOf(refused.Card), t => t.Contains("published version 1 while this form was open", StringComparison.Ordinal));
        Assert.Equal([1], (await h.Library.VersionsAsync(stored.Process.Key, None)).Select(v => v.Number));
        Assert.Equal("By someone else.", (await h.Library.VersionAsync(stored.Process.Key, 1, None))!.WhatChanged);
    }

    [Fact]
    public async Task Publish_pressed_twice_on_the_same_form_says_this_form_was_already_published_and_publishes_nothing_more()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var stored = await h.AddProcessAsync(pmo);
        var form = (await h.SayAsync(pmo, $"process publish {stored.Process.Key}")).Card!;
        var typed = new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Mine." };

        var first = await h.PressAsync(pmo, form, "Publish", typed);
        var again = await h.PressAsync(pmo, form, "Publish", typed);

        Assert.Contains(TextsOf(first.Card), t => t.StartsWith("Published version 1 of", StringComparison.Ordinal));
        Assert.StartsWith($"This form was already published: version 1 of {stored.Process.Name}, by {pmo.Name} on ", again.Text, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was published again.", again.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(TextsOf(again.Card), t => t.Contains("while this form was open", StringComparison.Ordinal));
        Assert.Equal([1], (await h.Library.VersionsAsync(stored.Process.Key, None)).Select(v => v.Number));
        await AdaptiveCardValidator.AssertValidAsync("already published", again.Card!);
    }

    [Fact]
    public async Task Versions_are_add_only_a_second_add_of_the_same_number_fails()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var stored = await h.AddProcessAsync(pmo);
        var version = new ProcessVersion(stored.Process.Key, 1, new DateOnly(2025, 4, 1), "First.", false, new ProcessStamp(pmo.UserKey, pmo.Name, h.Time.GetUtcNow()));

        Assert.True(await h.Store.TryAddVersionAsync(version, None));
        Assert.False(await h.Store.TryAddVersionAsync(version with { WhatChanged = "Rewritten." }, None));
        Assert.Equal("First.", (await h.Store.GetVersionAsync(stored.Process.Key, 1, None))!.WhatChanged);
    }

    [Fact]
    public async Task A_publish_with_no_what_changed_is_refused_on_the_form_and_the_filled_form_publishes()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var stored = await h.AddProcessAsync(pmo);
        var form = (await h.SayAsync(pmo, $"process publish {stored.Process.Key}")).Card!;

        var refused = await h.PressAsync(pmo, form, "Publish", new Dictionary<string, string?> { [VersionForm.WhatChangedField] = " ", [VersionForm.EffectiveField] = "31/12/2025" });
        Assert.Contains(TextsOf(refused.Card), t => t.Contains("Say what changed", StringComparison.Ordinal) && t.Contains("Give the date the version takes effect", StringComparison.Ordinal));
        Assert.Empty(await h.Library.VersionsAsync(stored.Process.Key, None));

        await h.PressAsync(pmo, refused.Card!, "Publish", new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "First.", [VersionForm.EffectiveField] = "2025-12-31" });
        Assert.Single(await h.Library.VersionsAsync(stored.Process.Key, None));
    }

    [Fact]
    public async Task Project_managers_read_the_library_but_only_the_pmo_adds_or_publishes()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var stored = await h.AddProcessAsync(pmo);
        var pm = await h.Projects.PersonAsync("Megan", Role.ProjectManager);

        var list = await h.SayAsync(pm, "processes");
        var shown = await h.SayAsync(pm, $"process {stored.Process.Name}");
        var add = await h.SayAsync(pm, "process add");
        var press = await h.PressAsync(pm, (await h.SayAsync(pmo, $"process publish {stored.Process.Key}")).Card!, "Publish", new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Sneaky." });

        Assert.NotNull(list.Card);
        Assert.Contains(TextsOf(shown.Card), t => t == stored.Process.Summary);
        Assert.DoesNotContain(ActionsOf(shown.Card!), a => a["title"]!.GetValue<string>() == "Edit");
        Assert.StartsWith("**process add** is for PMO or Admin", add.Text, StringComparison.Ordinal);
        Assert.StartsWith("This action is for PMO or Admin", press.Text, StringComparison.Ordinal);
        Assert.Empty(await h.Library.VersionsAsync(stored.Process.Key, None));
    }

    [Theory]
    [InlineData("Risk management", "risk-management")]
    [InlineData("  Change   control & approvals (CCB)  ", "change-control-approvals")]
    [InlineData("2026 status reporting", "p-2026-status-reporting")]
    public void A_key_is_the_name_in_lower_case_with_dashes_within_the_length_question_ids_allow(string name, string key)
    {
        Assert.Equal(key, ProcessKey.From(name));
        Assert.True(ProcessKey.From(name).Length <= ProcessKey.MaxLength);
        Assert.Equal(key, ProcessKey.OfQuestion(ProcessKey.QuestionId(key, 3)));
    }

    [Fact]
    public async Task A_publish_dated_9999_is_told_the_dates_are_too_far_ahead_not_to_give_them_and_dates_in_range_publish()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        // All project managers, of whom there is one, acknowledge the version: run alone, no other test has made one.
        await h.Projects.People.PersonAsync(PmoBot.Tests.TestSupport.TestPerson.New("Megan"), Role.ProjectManager);
        var stored = await h.AddProcessAsync(pmo);
        var form = (await h.SayAsync(pmo, $"process publish {stored.Process.Key}")).Card!;
        var inputs = RolloutForms.Inputs(AudienceKind.AllProjectManagers, null, new DateOnly(9999, 12, 31));
        inputs[VersionForm.EffectiveField] = "9999-12-31";

        var refused = await h.PressAsync(pmo, form, "Publish", inputs);

        Assert.Contains(TextsOf(refused.Card), t => t.Contains("The effective date 31 Dec 9999 is too far ahead; give a date up to 2100.", StringComparison.Ordinal)
            && t.Contains("The acknowledge-by date 31 Dec 9999 is too far ahead; give a date up to 2100.", StringComparison.Ordinal));
        Assert.DoesNotContain(TextsOf(refused.Card), t => t.Contains("Give the date", StringComparison.Ordinal));
        Assert.Empty(await h.Library.VersionsAsync(stored.Process.Key, None));

        // Twin: the same form with dates in range publishes.
        var today = DateOnly.FromDateTime(h.Time.GetUtcNow().UtcDateTime);
        inputs[VersionForm.EffectiveField] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        inputs[VersionForm.DueField] = today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await h.PressAsync(pmo, refused.Card!, "Publish", inputs);
        Assert.Single(await h.Library.VersionsAsync(stored.Process.Key, None));
    }
}
