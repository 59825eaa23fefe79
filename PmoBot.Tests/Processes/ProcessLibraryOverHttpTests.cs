using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Processes;

/// <summary>The library driven as Teams drives it: typed commands over <c>/api/messages</c> and card buttons as invokes.</summary>
public sealed class ProcessLibraryOverHttpTests
{
    [Fact]
    public async Task The_pmo_adds_a_process_and_publishes_a_version_over_http_and_a_pm_reads_it()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (lead, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var name = NewName();

        var form = (await run.SayAsync(lead, "process add")).Card!;
        var added = ProcessesHttpRun.CardOf(await run.PressAsync(lead, form, "Save", ValidForm(name, pmo)));
        var publishForm = (await run.SayAsync(lead, $"process publish {name}")).Card!;
        var published = ProcessesHttpRun.CardOf(await run.PressAsync(lead, publishForm, "Publish", new Dictionary<string, string?>
        {
            [VersionForm.WhatChangedField] = "Every risk has an owner and a review date.",
            [VersionForm.EffectiveField] = "2025-06-01",
        }));
        var list = (await run.SayAsync(megan, "processes")).Card!;
        var shown = (await run.SayAsync(megan, $"/process {name.ToLowerInvariant()}")).Card!;
        var refused = await run.SayAsync(megan, "process add");

        Assert.Contains(TextsOf(added), t => t.StartsWith($"Added {name}", StringComparison.Ordinal));
        Assert.Contains(("Current version", "1, effective 1 Jun 2025"), FactsOf(published));
        Assert.Contains(FactsOf(list), f => f.Title == name && f.Value.StartsWith("version 1", StringComparison.Ordinal));
        Assert.Contains("Every risk has an owner and a review date.", TextsOf(shown));
        Assert.StartsWith("**process add** is for PMO or Admin", refused.Text, StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertAllValidAsync([("list over http", list), ("process over http", shown), ("publish form", publishForm)]);
    }

    [Fact]
    public async Task The_same_add_form_saved_twice_answers_already_saved_and_the_library_holds_one_process()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (lead, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var name = NewName();
        var form = (await run.SayAsync(lead, "process add")).Card!;

        var added = ProcessesHttpRun.CardOf(await run.PressAsync(lead, form, "Save", ValidForm(name, pmo)));
        var again = ProcessesHttpRun.CardOf(await run.PressAsync(lead, form, "Save", ValidForm(name, pmo)));

        Assert.Contains(TextsOf(added), t => t.StartsWith($"Added {name}", StringComparison.Ordinal));
        Assert.Contains($"Already saved: this form added {name} before, so nothing new was created.", TextsOf(again));
        Assert.DoesNotContain(TextsOf(again), t => t.Contains("There is already a process", StringComparison.Ordinal));
        Assert.Single(await run.Get<ProcessStore>().ListAsync(CancellationToken.None), p => p.Name == name);
        await AdaptiveCardValidator.AssertValidAsync("process already saved", again);
    }

    [Fact]
    public async Task Another_add_form_naming_a_process_in_the_library_is_still_refused()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (lead, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var name = NewName();
        ProcessesHttpRun.CardOf(await run.PressAsync(lead, (await run.SayAsync(lead, "process add")).Card!, "Save", ValidForm(name, pmo)));

        var other = ProcessesHttpRun.CardOf(await run.PressAsync(lead, (await run.SayAsync(lead, "process add")).Card!, "Save", ValidForm(name, pmo)));

        Assert.Contains(TextsOf(other), t => t.Contains($"There is already a process called {name}", StringComparison.Ordinal));
        Assert.DoesNotContain(TextsOf(other), t => t.StartsWith("Already saved", StringComparison.Ordinal));
    }
}
