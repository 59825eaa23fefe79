using PmoBot.Alerts;
using PmoBot.Delivery;
using PmoBot.Lessons;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Processes;

/// <summary>
/// The improvement backlog: suggestions from chat and from lessons learned; the PMO triages from the card (accept,
/// reject with a reason, merge, done in a version), every copy of the card is updated in place and the suggester is
/// told at each step, all through the outbox.
/// </summary>
public sealed class SuggestionTests
{
    [Fact]
    public async Task Suggest_puts_it_on_the_backlog_posts_the_triage_card_to_the_pmo_channel_and_answers_with_its_id()
    {
        var (h, pmo, process, channel) = await SetUpAsync();
        var megan = await h.Projects.PersonAsync("Megan");

        var answer = await h.SayAsync(megan, $"suggest {process.Name}: hold a pre-mortem before every stage gate");

        var suggestion = Assert.Single(await h.Suggestions.ListAsync(None));
        Assert.Equal((process.Key, "hold a pre-mortem before every stage gate", megan.UserKey, SuggestionState.New), (suggestion.ProcessKey, suggestion.Text, suggestion.SuggestedByKey, suggestion.State));
        Assert.Contains($"as **{suggestion.Id}**", answer.Text, StringComparison.Ordinal);
        var posted = (await h.Delivery.Deliveries.GetAsync($"{SuggestionBox.CardKey(suggestion.Id)}|channel", None))!;
        Assert.Equal(DeliveryTarget.Channel(channel), posted.Target);
        Assert.Contains("hold a pre-mortem before every stage gate", TextsOf(posted.Card));
        Assert.Contains(("Suggested by", $"{megan.Name}, {ProcessText.CardTime(suggestion.SuggestedAt)}"), FactsOf(posted.Card!));
        Assert.Single(TextsOf(posted.Card), PmoBot.Commands.DateText.ReadersZoneNote);
        Assert.Equal([new SuggestionCardCopy(PmoBot.Conversations.ConversationKind.Channel, channel, posted.IdempotencyKey)], suggestion.CardCopies);
        Assert.Equal(["Accept", "Reject", "Reject", "Done"], ActionsOf(posted.Card!).Select(a => a["title"]!.GetValue<string>()));
        await AdaptiveCardValidator.AssertValidAsync("triage card", posted.Card!);
        _ = pmo;
    }

    [Theory]
    [InlineData("suggest hold a pre-mortem", "Type **suggest**, the process, a colon and your idea")]
    [InlineData("suggest no such process at all: hold a pre-mortem", "There is no process called")]
    [InlineData("suggest {process}: ok", "Say what should change, in at least 5 characters.")]
    public async Task A_suggestion_without_a_process_or_words_is_refused_and_nothing_is_stored(string typed, string refusal)
    {
        var (h, _, process, _) = await SetUpAsync();
        var nestor = await h.Projects.PersonAsync("Nestor");

        var answer = await h.SayAsync(nestor, typed.Replace("{process}", process.Name, StringComparison.Ordinal));
        var accepted = await h.SayAsync(nestor, $"suggest {process.Name}: hold a pre-mortem");

        Assert.Contains(refusal, answer.Text, StringComparison.Ordinal);
        Assert.StartsWith("Thank you", accepted.Text, StringComparison.Ordinal);
        Assert.Single(await h.Suggestions.ListAsync(None));
    }

    [Fact]
    public async Task Accept_then_done_in_a_version_update_the_card_in_place_and_tell_the_suggester_each_time()
    {
        var (h, pmo, process, _) = await SetUpAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        await h.SayAsync(megan, $"suggest {process.Name}: hold a pre-mortem");
        var suggestion = Assert.Single(await h.Suggestions.ListAsync(None));
        await h.PublishAsync(pmo, process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Pre-mortems added." });
        var card = (await h.SayAsync(pmo, $"suggestion {suggestion.Id}")).Card!;

        var accepted = await h.PressAsync(pmo, card, "Accept");
        var noSuchVersion = await h.PressAsync(pmo, accepted.Card!, "Mark done", new Dictionary<string, string?> { [SuggestionCards.VersionField] = "9" });
        Assert.StartsWith($"{process.Name} has no version 9; nothing changed.", noSuchVersion.Text, StringComparison.Ordinal);
        Assert.Equal(SuggestionState.Accepted, (await h.Suggestions.GetAsync(suggestion.Id, None))!.State);
        var done = await h.PressAsync(pmo, accepted.Card!, "Mark done", new Dictionary<string, string?> { [SuggestionCards.VersionField] = "1" });

        var stored = (await h.Suggestions.GetAsync(suggestion.Id, None))!;
        Assert.Equal((SuggestionState.Done, (int?)1), (stored.State, stored.DoneInVersion));
        Assert.Equal(["accepted", "done in version 1"], stored.Log.Select(a => a.What));
        Assert.Contains(("State", "Done in version 1"), FactsOf(done.Card!));
        Assert.DoesNotContain(ActionsOf(done.Card!), a => a["verb"] is not null);
        var told = (await h.Delivery.Deliveries.GetAsync($"{SuggestionBox.CardKey(suggestion.Id)}|{SuggestionState.Accepted}", None))!;
        Assert.Equal(DeliveryTarget.PersonalChat(megan.UserKey), told.Target);
        Assert.Contains($"was accepted by {pmo.Name}", told.Text, StringComparison.Ordinal);
        Assert.Contains("is done", (await h.Delivery.Deliveries.GetAsync($"{SuggestionBox.CardKey(suggestion.Id)}|{SuggestionState.Done}", None))!.Text, StringComparison.Ordinal);
        var update = (await h.Delivery.Deliveries.GetAsync($"{SuggestionBox.CardKey(suggestion.Id)}|channel|v{stored.CardVersion}", None))!;
        Assert.Equal($"{SuggestionBox.CardKey(suggestion.Id)}|channel", update.Replaces);
        Assert.Contains(("State", "Done in version 1"), FactsOf(update.Card!));
        await AdaptiveCardValidator.AssertAllValidAsync([("accepted", accepted.Card!), ("done", done.Card!)]);
    }

    [Fact]
    public async Task Reject_needs_a_reason_which_the_suggester_gets_and_a_settled_suggestion_changes_no_more()
    {
        var (h, pmo, process, _) = await SetUpAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        await h.SayAsync(megan, $"suggest {process.Name}: hold a pre-mortem");
        var suggestion = Assert.Single(await h.Suggestions.ListAsync(None));
        var card = (await h.SayAsync(pmo, $"suggestion {suggestion.Id}")).Card!;

        var noReason = await h.PressAsync(pmo, card, "Reject", new Dictionary<string, string?> { [SuggestionCards.ReasonField] = " " });
        Assert.Equal(SuggestionState.New, (await h.Suggestions.GetAsync(suggestion.Id, None))!.State);
        var rejected = await h.PressAsync(pmo, card, "Reject", new Dictionary<string, string?> { [SuggestionCards.ReasonField] = "The stage gate checklist covers it." });
        var again = await h.PressAsync(pmo, card, "Accept");

        Assert.StartsWith("Say why it is not taken up", noReason.Text, StringComparison.Ordinal);
        Assert.Contains(("Reason", "The stage gate checklist covers it."), FactsOf(rejected.Card!));
        Assert.EndsWith("The stage gate checklist covers it.", (await h.Delivery.Deliveries.GetAsync($"{SuggestionBox.CardKey(suggestion.Id)}|{SuggestionState.Rejected}", None))!.Text, StringComparison.Ordinal);
        Assert.StartsWith($"{suggestion.Id} is settled", again.Text, StringComparison.Ordinal);
        Assert.Equal(SuggestionState.Rejected, (await h.Suggestions.GetAsync(suggestion.Id, None))!.State);
    }

    [Fact]
    public async Task Merge_goes_into_another_open_suggestion_of_the_same_process_only()
    {
        var (h, pmo, process, _) = await SetUpAsync();
        var other = (await h.AddProcessAsync(pmo, NewName("Change control"))).Process;
        var megan = await h.Projects.PersonAsync("Megan");
        await h.SayAsync(megan, $"suggest {process.Name}: pre-mortems at stage gates");
        await h.SayAsync(megan, $"suggest {process.Name}: pre-mortems before go-live");
        await h.SayAsync(megan, $"suggest {other.Name}: faster approvals");
        var all = await h.Suggestions.ListAsync(None);
        var (first, second, elsewhere) = (all.Single(s => s.Text.EndsWith("gates", StringComparison.Ordinal)), all.Single(s => s.Text.EndsWith("go-live", StringComparison.Ordinal)), all.Single(s => s.ProcessKey == other.Key));
        var card = (await h.SayAsync(pmo, $"suggestion {second.Id}")).Card!;
        Assert.Equal([first.Id], ProcessesHarnessChoices(card, SuggestionCards.TargetField));

        var refused = await h.PressAsync(pmo, card, "Merge", new Dictionary<string, string?> { [SuggestionCards.TargetField] = elsewhere.Id });
        var merged = await h.PressAsync(pmo, card, "Merge", new Dictionary<string, string?> { [SuggestionCards.TargetField] = first.Id });

        Assert.StartsWith($"{elsewhere.Id} is not an open suggestion for {process.Name}", refused.Text, StringComparison.Ordinal);
        Assert.Contains(("State", $"Merged into {first.Id}"), FactsOf(merged.Card!));

        // The store's filtered read, which triage cards use: this process's suggestions still open, not the backlog.
        Assert.Equal([first.Id], (await h.Suggestions.ListOpenAsync(process.Key, None)).Select(s => s.Id));
        Assert.Contains((await h.Suggestions.GetAsync(first.Id, None))!.Log, a => a.What.StartsWith($"{second.Id} merged into this", StringComparison.Ordinal));
        Assert.Contains($"was merged by {pmo.Name} into {first.Id}", (await h.Delivery.Deliveries.GetAsync($"{SuggestionBox.CardKey(second.Id)}|{SuggestionState.Merged}", None))!.Text, StringComparison.Ordinal);

        // Pressed again, the settled suggestion names its target as it is written, not lowered with the sentence.
        var again = await h.PressAsync(pmo, card, "Merge", new Dictionary<string, string?> { [SuggestionCards.TargetField] = first.Id });
        Assert.StartsWith($"{second.Id} is settled (merged into {first.Id});", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoever_suggested_what_was_merged_hears_when_the_suggestion_it_went_into_is_done()
    {
        var (h, pmo, process, _) = await SetUpAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var nestor = await h.Projects.PersonAsync("Nestor");
        await h.SayAsync(megan, $"suggest {process.Name}: pre-mortems at stage gates");
        await h.SayAsync(nestor, $"suggest {process.Name}: pre-mortems before go-live");
        var all = await h.Suggestions.ListAsync(None);
        var (meganS, nestorS) = (all.Single(s => s.SuggestedByKey == megan.UserKey), all.Single(s => s.SuggestedByKey == nestor.UserKey));
        await h.PublishAsync(pmo, process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Pre-mortems added." });
        await h.PressAsync(pmo, (await h.SayAsync(pmo, $"suggestion {nestorS.Id}")).Card!, "Merge", new Dictionary<string, string?> { [SuggestionCards.TargetField] = meganS.Id });

        await h.PressAsync(pmo, (await h.SayAsync(pmo, $"suggestion {meganS.Id}")).Card!, "Mark done", new Dictionary<string, string?> { [SuggestionCards.VersionField] = "1" });

        var toNestor = (await h.Delivery.Deliveries.GetAsync($"{SuggestionBox.CardKey(nestorS.Id)}|via|{meganS.Id}|{SuggestionState.Done}", None))!;
        Assert.Equal(DeliveryTarget.PersonalChat(nestor.UserKey), toNestor.Target);
        Assert.Equal($"Your suggestion {nestorS.Id} for {process.Name} was merged into {meganS.Id}, which is done: {pmo.Name} marked it carried by version 1 of {process.Name}. Thank you!", toNestor.Text);
        Assert.Contains("is done", (await h.Delivery.Deliveries.GetAsync($"{SuggestionBox.CardKey(meganS.Id)}|{SuggestionState.Done}", None))!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_pmo_members_accepting_at_once_store_one_step_and_the_second_is_told_it_was_done()
    {
        var (h, pmo, process, _) = await SetUpAsync();
        var other = await h.PmoAsync("Isaiah");
        var megan = await h.Projects.PersonAsync("Megan");
        await h.SayAsync(megan, $"suggest {process.Name}: pre-mortems at stage gates");
        var suggestion = Assert.Single(await h.Suggestions.ListAsync(None));

        var results = await Task.WhenAll(
            h.Box.TriageAsync(pmo, suggestion.Id, SuggestionState.Accepted, null, null, null, None),
            h.Box.TriageAsync(other, suggestion.Id, SuggestionState.Accepted, null, null, null, None));

        Assert.Single(results.OfType<TriageResult.Done>());
        var refused = Assert.Single(results.OfType<TriageResult.Refused>());
        Assert.Contains("nothing changed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["accepted"], (await h.Suggestions.GetAsync(suggestion.Id, None))!.Log.Select(a => a.What));
    }

    [Fact]
    public async Task Only_the_pmo_triages_and_suggestions_lists_by_process_and_state()
    {
        var (h, pmo, process, _) = await SetUpAsync();
        var megan = await h.Projects.PersonAsync("Megan", Role.ProjectManager);
        await h.SayAsync(megan, $"suggest {process.Name}: pre-mortems at stage gates");
        await h.SayAsync(megan, $"suggest {process.Name}: a risk owner per risk");
        var all = await h.Suggestions.ListAsync(None);
        var card = (await h.SayAsync(pmo, $"suggestion {all[0].Id}")).Card!;

        var byPm = await h.PressAsync(megan, card, "Accept");
        await h.PressAsync(pmo, card, "Accept");
        var accepted = (await h.SayAsync(megan, $"suggestions {process.Name} accepted")).Card!;
        var open = (await h.SayAsync(pmo, "suggestions open")).Card!;
        var newOnes = (await h.SayAsync(megan, $"suggestions {process.Key} new")).Card!;

        Assert.StartsWith("This action is for PMO or Admin", byPm.Text, StringComparison.Ordinal);
        Assert.Equal([$"{all[0].Id} · {process.Name}"], FactsOf(accepted).Select(f => f.Title));
        Assert.Equal(2, FactsOf(open).Count);
        Assert.Equal([$"{all[1].Id} · {process.Name}"], FactsOf(newOnes).Select(f => f.Title));
        Assert.Contains(ActionsOf(open), a => a["title"]!.GetValue<string>() == $"Triage {all[0].Id}");
        Assert.DoesNotContain(ActionsOf(newOnes), a => a["title"]!.GetValue<string>().StartsWith("Triage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lesson_under_an_area_a_process_covers_is_proposed_to_its_owner_who_adds_it_once()
    {
        var (h, pmo, process, _) = await SetUpAsync();
        var owner = await h.Projects.People.Directory.GetAsync(process.Owner.UserKey, None);
        var lesson = new Lesson(Lesson.NewId(), "Risks found too late", "Nobody reviewed the register.", null, "risk-high", "Review the register weekly.", [], pmo.Name, h.Time.GetUtcNow());
        var elsewhere = lesson with { Id = Lesson.NewId(), Category = "cost" };
        Assert.True(await h.Lessons.AddAsync(lesson, None));

        await h.LessonProposals.LessonRecordedAsync(lesson, None);
        await h.LessonProposals.LessonRecordedAsync(elsewhere, None);

        var proposal = (await h.Delivery.Deliveries.GetAsync(LessonProposals.Key(lesson.Id, process.Key), None))!;
        Assert.Equal(DeliveryTarget.PersonalChat(process.Owner.UserKey), proposal.Target);
        Assert.Null(await h.Delivery.Deliveries.GetAsync(LessonProposals.Key(elsewhere.Id, process.Key), None));
        var outsider = await h.Projects.PersonAsync("Lynne", Role.ProjectManager);
        var refused = await h.PressAsync(outsider, proposal.Card!, "Add to the improvement backlog");
        var added = await h.PressAsync(owner!, proposal.Card!, "Add to the improvement backlog");
        var again = await h.PressAsync(owner!, proposal.Card!, "Add to the improvement backlog");

        Assert.StartsWith($"This is for {process.Owner.Name}", refused.Text, StringComparison.Ordinal);
        var suggestion = Assert.Single(await h.Suggestions.ListAsync(None));
        Assert.Equal((SuggestionSource.Lesson, lesson.Id), (suggestion.Source, suggestion.SourceLink));
        Assert.Contains($"\"Risks found too late\": Review the register weekly.", suggestion.Text, StringComparison.Ordinal);
        Assert.Equal($"Added to the backlog as {suggestion.Id}.", added.Text);
        Assert.Equal(added.Text, again.Text);
        await AdaptiveCardValidator.AssertAllValidAsync([("lesson proposal", proposal.Card!), ("lesson added", added.Card!)]);
    }

    [Fact]
    public async Task The_message_action_form_opens_prefilled_and_its_suggest_puts_the_message_link_on_the_backlog()
    {
        var (h, _, process, _) = await SetUpAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        const string link = "https://teams.microsoft.com/l/message/19:abc@thread.tacv2/1700000000000";

        var opened = Assert.IsType<SuggestionFormAnswer.ShowForm>(await h.SuggestionForm.OpenAsync("We should review risks with the sponsor.", link, None));
        var data = new System.Text.Json.Nodes.JsonObject
        {
            [SuggestionCards.FormLinkField] = link,
            [SuggestionCards.FormProcessField] = process.Key,
            [SuggestionCards.FormTextField] = InputsOf(opened.Card)[SuggestionCards.FormTextField],
        };
        var missing = Assert.IsType<SuggestionFormAnswer.ShowForm>(await h.SuggestionForm.SubmitAsync(megan, new System.Text.Json.Nodes.JsonObject { [SuggestionCards.FormTextField] = "x" }, link, None));
        var closed = Assert.IsType<SuggestionFormAnswer.Close>(await h.SuggestionForm.SubmitAsync(megan, data, link, None));

        Assert.Equal("We should review risks with the sponsor.", InputsOf(opened.Card)[SuggestionCards.FormTextField]);
        Assert.Contains(TextsOf(missing.Card), t => t.Contains("Pick the process", StringComparison.Ordinal) && t.Contains("at least 5 characters", StringComparison.Ordinal));
        Assert.Equal((SuggestionSource.Message, link), (closed.Suggestion!.Source, closed.Suggestion.SourceLink));
        Assert.Contains(FactsOf((await h.SayAsync((await h.PmoAsync()), $"suggestion {closed.Suggestion.Id}")).Card!), f => f.Value == $"[a message]({link})");
        await AdaptiveCardValidator.AssertAllValidAsync([("suggest form", opened.Card), ("suggest form with errors", missing.Card)]);
    }

    [Fact]
    public async Task Someone_without_a_role_who_names_no_process_is_not_told_to_type_processes_which_a_pm_still_is()
    {
        var (h, _, _, _) = await SetUpAsync();
        var nestor = await h.Projects.PersonAsync("Nestor");
        var megan = await h.Projects.PersonAsync("Megan", Role.ProjectManager);

        var noRole = await h.SayAsync(nestor, "suggest risk mgmt: owners");
        var noColon = await h.SayAsync(nestor, "suggest owners for every risk");
        var pm = await h.SayAsync(megan, "suggest risk mgmt: owners");

        Assert.Equal("There is no process called \"risk mgmt\". Ask the PMO for the process's name.", noRole.Text);
        Assert.DoesNotContain("**processes**", noColon.Text, StringComparison.Ordinal);
        Assert.Equal("There is no process called \"risk mgmt\". Type **processes** to see the library.", pm.Text);
        Assert.Contains("is for", (await h.SayAsync(nestor, "processes")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_process_is_answered_with_the_whole_command_keeping_the_idea_which_then_works()
    {
        var (h, _, process, _) = await SetUpAsync();
        var megan = await h.Projects.PersonAsync("Megan", Role.ProjectManager);
        var misspelt = process.Name.Replace("management", "managment", StringComparison.Ordinal).ToLowerInvariant();

        var hint = await h.SayAsync(megan, $"suggest {misspelt}: add a pre-mortem");
        var retyped = $"suggest {process.Name.ToLowerInvariant()}: add a pre-mortem";
        var accepted = await h.SayAsync(megan, retyped);

        Assert.Equal($"There is no process called \"{misspelt}\". Did you mean **{process.Name}**? Type **{retyped}**, or **processes** for the list.", hint.Text);
        Assert.StartsWith("Thank you", accepted.Text, StringComparison.Ordinal);
        Assert.Equal("add a pre-mortem", Assert.Single(await h.Suggestions.ListAsync(None)).Text);
    }

    [Fact]
    public async Task Done_offers_and_accepts_no_version_published_before_the_suggestion_and_says_a_new_version_must_come_first()
    {
        var (h, pmo, process, suggestion) = await SuggestedAfterVersionOneAsync();

        var card = (await h.SayAsync(pmo, $"suggestion {suggestion.Id}")).Card!;
        var stale = await h.CardActions.RouteAsync(
            SuggestionCards.DoneVerb,
            new PmoBot.Commands.CardActionRequest(pmo, new System.Text.Json.Nodes.JsonObject { [SuggestionCards.SuggestionField] = suggestion.Id, [SuggestionCards.VersionField] = "1" }, PmoBot.Conversations.ConversationKind.Personal, "en-GB"),
            None);

        Assert.Empty(ProcessesHarnessChoices(card, SuggestionCards.VersionField));
        Assert.DoesNotContain(ActionsOf(card), a => a["title"]!.GetValue<string>() == "Mark done");
        Assert.Contains(SuggestionCards.PublishFirst(suggestion), TextsOf(card));
        Assert.Equal(
            $"Version 1 of {process.Name} was published before {suggestion.Id} was suggested, so it cannot have carried it. {SuggestionCards.PublishFirst(suggestion)} Nothing changed.",
            stale.Text);
        Assert.Equal(SuggestionState.New, (await h.Suggestions.GetAsync(suggestion.Id, None))!.State);
        await AdaptiveCardValidator.AssertValidAsync("triage card without a later version", card);
    }

    [Fact]
    public async Task A_version_published_after_the_suggestion_is_the_one_offered_and_it_carries_it()
    {
        var (h, pmo, process, suggestion) = await SuggestedAfterVersionOneAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.PublishAsync(pmo, process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Pre-mortems added." });

        var card = (await h.SayAsync(pmo, $"suggestion {suggestion.Id}")).Card!;
        var older = await h.PressAsync(pmo, card, "Mark done", new Dictionary<string, string?> { [SuggestionCards.VersionField] = "1" });
        var done = await h.PressAsync(pmo, card, "Mark done", new Dictionary<string, string?> { [SuggestionCards.VersionField] = "2" });

        Assert.Equal(["2"], ProcessesHarnessChoices(card, SuggestionCards.VersionField));
        Assert.StartsWith($"Version 1 of {process.Name} was published before {suggestion.Id} was suggested, so it cannot have carried it. Pick a version published after the suggestion.", older.Text, StringComparison.Ordinal);
        Assert.Equal((SuggestionState.Done, (int?)2), ((await h.Suggestions.GetAsync(suggestion.Id, None))!.State, (await h.Suggestions.GetAsync(suggestion.Id, None))!.DoneInVersion));
        Assert.Contains(("State", "Done in version 2"), FactsOf(done.Card!));
    }

    /// <summary>Version 1 of the process is published, and a minute later Megan suggests an improvement to it.</summary>
    private static async Task<(ProcessesHarness H, PmoUser Pmo, ProcessDefinition Process, Suggestion Suggestion)> SuggestedAfterVersionOneAsync()
    {
        var (h, pmo, process, _) = await SetUpAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        await h.PublishAsync(pmo, process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "First version." });
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.SayAsync(megan, $"suggest {process.Name}: hold a pre-mortem");
        return (h, pmo, process, Assert.Single(await h.Suggestions.ListAsync(None)));
    }

    private static async Task<(ProcessesHarness H, PmoUser Pmo, ProcessDefinition Process, string Channel)> SetUpAsync()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var process = (await h.AddProcessAsync(pmo)).Process;
        var channel = $"19:{Guid.NewGuid():N}@thread.tacv2";
        await h.AlertChannels.SetAsync(new AlertChannel(channel, "PMO", pmo.Name, h.Time.GetUtcNow()), None);
        return (h, pmo, process, channel);
    }

    private static List<string> ProcessesHarnessChoices(System.Text.Json.Nodes.JsonObject card, string inputId) =>
        ActionsOf(card)
            .Where(a => a["type"]!.GetValue<string>() == "Action.ShowCard")
            .SelectMany(a => a["card"]!["body"]!.AsArray())
            .Where(e => e!["id"]?.GetValue<string>() == inputId)
            .SelectMany(e => e!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()))
            .ToList();
}
