using Moq;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Teams.BotHarness;
using static PmoBot.Tests.Warnings.ManualWarningsHarness;

namespace PmoBot.Tests.Warnings;

/// <summary>Manual warnings on Azurite: who may raise them where, raised once and posted like a rule's, closed by the PMO only.</summary>
public sealed class ManualWarningTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_PMO_raises_a_warning_that_is_posted_like_a_rules_with_a_close_button_and_a_note_to_the_PM()
    {
        var h = await CreateAsync();
        var pmo = await h.PersonAsync("Patti", Role.Pmo);
        var pm = await h.PersonAsync("Megan", Role.ProjectManager);
        var project = await h.ProjectAsync(pm);
        var formId = await h.OpenFormAsync(pmo);

        var answer = await h.Manual.RaiseAsync(pmo, Submission(formId, project.Code.ToLowerInvariant(), "critical", "Key supplier entered administration"), None);

        var close = Assert.IsType<ManualWarningAnswer.Close>(answer);
        Assert.Equal(
            $"Raised a critical early warning on **{project.Code} · {project.Name}**: Key supplier entered administration. The PMO has been alerted and {pm.Name} has a note. It stays open until the PMO closes it; it shows in **warnings {project.Code}**.",
            close.Message);
        var episode = Assert.Single(await h.OpenManualAsync(project));
        Assert.Equal(close.Episode!.Id, episode.Id);
        Assert.Equal(ManualWarning.EpisodeRuleId(formId), episode.RuleId);
        Assert.Equal((WarningSeverity.Critical, "Key supplier entered administration", "Raised by the PMO"), (episode.Severity, episode.Headline, episode.Trend));
        Assert.Equal((pm.UserKey, pm.Name), (episode.ManagerKey, episode.ManagerName));
        Assert.True(episode.Posted);
        Assert.Equal([new AlertCopy("channel", ConversationKind.Channel, h.Warnings.Channel)], (await h.Warnings.Posts.GetAsync(project.Code, None))!.Copies);
        Assert.Equal(pmo.Name, Assert.Single(episode.Activity).By);

        var alert = await h.Warnings.PostedAsync(project.Code);
        Assert.Equal(new DeliveryTarget(ConversationKind.Channel, h.Warnings.Channel), alert.Target);
        Assert.Equal($"Critical: one early warning on {project.Code} {project.Name}: Raised by the PMO (critical).", alert.Text);
        var texts = TextsOf(alert.Card);
        Assert.Contains("🔴 CRITICAL · one early warning", texts);
        Assert.Contains("**1. 🔴 Raised by the PMO** (Critical): Key supplier entered administration.", texts);
        Assert.Equal(["Acknowledge", "Assign owner", "Schedule review meeting", "Snooze 1 week", "Close"], ActionTitles(alert.Card!));
        h.Warnings.Lessons.Verify(l => l.RelevantAsync(ManualWarning.RuleId, "Key supplier entered administration", WarningMonitor.LessonsShown, It.IsAny<CancellationToken>()), Times.Once);

        var note = (await h.Warnings.DeliveryAsync(WarningAlerts.NoteKey(project.Code, 1, pm.UserKey)))!;
        Assert.Equal(new DeliveryTarget(ConversationKind.Personal, pm.UserKey), note.Target);
        Assert.Equal($"Early warnings on your project {project.Code} {project.Name}: Raised by the PMO (critical).", note.Text);
        Assert.Contains("**1. 🔴 Raised by the PMO** (Critical): Key supplier entered administration.", TextsOf(note.Card));
        Assert.Contains(TextsOf(note.Card), t => t.EndsWith("one raised by hand when the PMO closes it.", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("manual warning alert", alert.Card!);
        await AdaptiveCardValidator.AssertValidAsync("manual warning note to the PM", note.Card!);
    }

    [Fact]
    public async Task The_same_form_sent_twice_raises_and_posts_once_even_after_the_warning_closed()
    {
        var h = await CreateAsync();
        var pmo = await h.PersonAsync("Patti", Role.Pmo);
        var project = await h.ProjectAsync(await h.PersonAsync("Megan", Role.ProjectManager));
        var data = Submission(await h.OpenFormAsync(pmo), project.Code, "Watch", "Sponsor left the company.");

        var first = Assert.IsType<ManualWarningAnswer.Close>(await h.Manual.RaiseAsync(pmo, data, None));
        var second = Assert.IsType<ManualWarningAnswer.Close>(await h.Manual.RaiseAsync(pmo, data.DeepClone().AsObject(), None));

        Assert.NotNull(first.Episode);
        Assert.Null(second.Episode);
        Assert.Equal($"This warning was already raised on **{project.Code} · {project.Name}** (the form was sent twice); nothing changed.", second.Message);
        var episode = Assert.Single(await h.OpenManualAsync(project));
        Assert.Equal(first.Episode!.Version, episode.Version);
        Assert.Equal((1, 1), ((await h.Warnings.Posts.GetAsync(project.Code, None))!.Number, (await h.Warnings.Posts.GetAsync(project.Code, None))!.Version));

        await h.ClickAsync(pmo, (await h.Warnings.PostedCardAsync(episode)), "Close");
        var afterClose = Assert.IsType<ManualWarningAnswer.Close>(await h.Manual.RaiseAsync(pmo, data, None));

        Assert.Null(afterClose.Episode);
        Assert.Empty(await h.OpenManualAsync(project));
    }

    [Fact]
    public async Task The_confirmation_puts_an_before_info_and_a_before_watch()
    {
        var h = await CreateAsync();
        var pmo = await h.PersonAsync("Patti", Role.Pmo);
        var project = await h.ProjectAsync(await h.PersonAsync("Megan", Role.ProjectManager));

        var info = await h.Manual.RaiseAsync(pmo, Submission(await h.OpenFormAsync(pmo), project.Code, "Info", "Team morale is low"), None);
        var watch = await h.Manual.RaiseAsync(pmo, Submission(await h.OpenFormAsync(pmo), project.Code, "Watch", "Contract renewal not signed"), None);

        Assert.StartsWith($"Raised an info early warning on **{project.Code} · {project.Name}**: Team morale is low.", Assert.IsType<ManualWarningAnswer.Close>(info).Message, StringComparison.Ordinal);
        Assert.StartsWith($"Raised a watch early warning on **{project.Code} · {project.Name}**: Contract renewal not signed.", Assert.IsType<ManualWarningAnswer.Close>(watch).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_may_have_several_manual_warnings_open_at_once()
    {
        var h = await CreateAsync();
        var pmo = await h.PersonAsync("Patti", Role.Pmo);
        var project = await h.ProjectAsync(await h.PersonAsync("Megan", Role.ProjectManager));

        var first = await h.RaiseAsync(pmo, project, WarningSeverity.Info, "Team morale is low.");
        var second = await h.RaiseAsync(pmo, project, WarningSeverity.Watch, "Contract renewal not signed.");

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, (await h.OpenManualAsync(project)).Count);
        var card = (await h.Warnings.DeliveryAsync(WarningsHarness.ChannelKey(project.Code, 2)))!.Card!;
        Assert.Contains("**1. 🟠 Raised by the PMO** (Watch): Contract renewal not signed.", TextsOf(card));
        Assert.Contains("**2. 🔵 Raised by the PMO** (Info): Team morale is low.", TextsOf(card));
        Assert.Equal(["Acknowledge", "Schedule review meeting", "Snooze 1 week", "Close"], WarningsHarness.RowActionsOf(card, 2).Select(a => a["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_PM_raises_on_their_own_project_in_their_own_name()
    {
        var h = await CreateAsync();
        var pm = await h.PersonAsync("Megan", Role.ProjectManager);
        var project = await h.ProjectAsync(pm);

        var episode = await h.RaiseAsync(pm, project, WarningSeverity.Watch, "Test environment not delivered");

        Assert.Equal($"Raised by {pm.Name}", episode.Trend);
        var alert = await h.Warnings.PostedAsync(project.Code);
        Assert.Contains($"**1. 🟠 Raised by {pm.Name}** (Watch): Test environment not delivered.", TextsOf(alert.Card));
        var list = await h.Warnings.SayAsync(pm, $"warnings {project.Code}");
        Assert.Contains(TextsOf(list.Card), t => t.Contains($"Raised by {pm.Name} (Watch)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_PM_is_refused_another_PMs_project_in_the_same_words_as_an_unknown_one_and_the_form_comes_back()
    {
        var h = await CreateAsync();
        var pm = await h.PersonAsync("Megan", Role.ProjectManager);
        var own = await h.ProjectAsync(pm);
        var notTheirs = await h.ProjectAsync(await h.PersonAsync("Adele", Role.ProjectManager));
        var formId = await h.OpenFormAsync(pm);

        var refused = Assert.IsType<ManualWarningAnswer.ShowForm>(await h.Manual.RaiseAsync(pm, Submission(formId, notTheirs.Code), None));
        var unknown = Assert.IsType<ManualWarningAnswer.ShowForm>(await h.Manual.RaiseAsync(pm, Submission(formId, Projects.ProjectsHarness.NewCode()), None));

        Assert.Equal(Errors(refused), Errors(unknown));
        Assert.Contains(ManualWarnings.ProjectRefused, Errors(refused));
        Assert.Equal([own.Code], Choices(refused.Card));
        Assert.Empty(await h.OpenManualAsync(notTheirs));
        await AdaptiveCardValidator.AssertValidAsync("raise warning form refused", refused.Card);
    }

    [Fact]
    public async Task The_PMO_may_raise_on_any_active_project_but_not_on_one_on_hold_or_closed()
    {
        var h = await CreateAsync();
        var pmo = await h.PersonAsync("Patti", Role.Pmo);
        var pm = await h.PersonAsync("Megan", Role.ProjectManager);
        var active = await h.ProjectAsync(pm);
        var onHold = await h.ProjectAsync(pm, ProjectStatus.OnHold);
        var closed = await h.ProjectAsync(pm, ProjectStatus.Closed);

        var choices = (await h.Manual.ChoicesAsync(pmo, None)).Select(p => p.Code).ToList();
        Assert.Contains(active.Code, choices);
        Assert.DoesNotContain(onHold.Code, choices);
        Assert.DoesNotContain(closed.Code, choices);

        await h.RaiseAsync(pmo, active);
        foreach (var project in new[] { onHold, closed })
        {
            var answer = Assert.IsType<ManualWarningAnswer.ShowForm>(await h.Manual.RaiseAsync(pmo, Submission(null, project.Code), None));
            Assert.Contains(ManualWarnings.ProjectRefused, Errors(answer));
            Assert.Empty(await h.OpenManualAsync(project));
        }

        Assert.Single(await h.OpenManualAsync(active));
    }

    [Fact]
    public async Task A_submit_with_missing_fields_shows_the_form_again_and_raises_nothing()
    {
        var h = await CreateAsync();
        var pm = await h.PersonAsync("Megan", Role.ProjectManager);
        var project = await h.ProjectAsync(pm);
        var formId = await h.OpenFormAsync(pm);

        var answer = Assert.IsType<ManualWarningAnswer.ShowForm>(await h.Manual.RaiseAsync(pm, Submission(formId, project.Code, severity: null, description: " "), None));

        Assert.Equal(
            ["Nothing was raised yet. Please fix the fields marked below.", "Pick the severity: info, watch or critical.", "Say what is wrong."],
            Errors(answer));
        Assert.Equal(formId, FormIdOf(answer.Card));
        Assert.Empty(await h.OpenManualAsync(project));
        await AdaptiveCardValidator.AssertValidAsync("raise warning form with errors", answer.Card);
    }

    [Fact]
    public async Task Without_a_role_without_projects_or_without_PmoBots_form_nothing_is_raised_and_the_dialog_says_why()
    {
        var h = await CreateAsync();
        var nobody = await h.PersonAsync("Nestor");
        var leader = await h.PersonAsync("Isaiah", Role.Leader);
        var pm = await h.PersonAsync("Megan", Role.ProjectManager);
        var project = await h.ProjectAsync(pm);
        var noFormId = Submission(null, project.Code);
        noFormId.Remove(ManualWarningForm.FormIdField);

        Assert.Equal(ManualWarnings.NoRoleMessage, Assert.IsType<ManualWarningAnswer.Close>(await h.Manual.OpenAsync(nobody, None)).Message);
        Assert.Equal(ManualWarnings.NoRoleMessage, Assert.IsType<ManualWarningAnswer.Close>(await h.Manual.RaiseAsync(nobody, Submission(null, project.Code), None)).Message);
        Assert.Equal(ManualWarnings.NoProjectsMessage, Assert.IsType<ManualWarningAnswer.Close>(await h.Manual.OpenAsync(leader, None)).Message);
        Assert.Equal(ManualWarnings.UnknownFormMessage, Assert.IsType<ManualWarningAnswer.Close>(await h.Manual.RaiseAsync(pm, noFormId, None)).Message);
        Assert.Empty(await h.OpenManualAsync(project));
    }

    [Fact]
    public async Task Close_closes_the_manual_warning_and_updates_every_copy_in_place()
    {
        var h = await CreateAsync();
        var pmo = await h.PersonAsync("Patti", Role.Pmo);
        var project = await h.ProjectAsync(await h.PersonAsync("Megan", Role.ProjectManager));
        var episode = await h.RaiseAsync(pmo, project);
        var card = await h.Warnings.PostedCardAsync(episode);

        var reply = await h.ClickAsync(pmo, card, "Close");

        var closed = (await h.Warnings.Store.GetAsync(episode.Id, None))!;
        Assert.Equal(WarningStatus.Closed, closed.Status);
        Assert.Equal($"closed by {pmo.Name}", closed.CloseReason);
        Assert.Equal(h.Warnings.Time.GetUtcNow(), closed.ClosedAt);
        Assert.Empty(await h.OpenManualAsync(project));
        Assert.Null(reply.Card!["actions"]);
        Assert.Contains($"✅ Raised by the PMO: closed {WarningText.CardTime(closed.ClosedAt!.Value)} (closed by {pmo.Name})", TextsOf(reply.Card));
        var key = WarningsHarness.ChannelKey(project.Code, 1);
        var update = (await h.Warnings.DeliveryAsync($"{key}|v2"))!;
        Assert.Equal(key, update.Replaces);
        Assert.Equal(reply.Card.ToJsonString(), update.Card!.ToJsonString());
        await AdaptiveCardValidator.AssertValidAsync("closed manual warning", reply.Card);

        var again = await h.ClickAsync(pmo, card, "Close");
        Assert.Contains($"This warning closed (closed by {pmo.Name}); nothing was changed.", TextsOf(again.Card));
        Assert.Equal(closed.Version, (await h.Warnings.Store.GetAsync(episode.Id, None))!.Version);
    }

    [Fact]
    public async Task Only_the_PMO_or_an_admin_may_close_and_a_rules_warning_is_not_closed_by_hand()
    {
        var h = await CreateAsync();
        var pmo = await h.PersonAsync("Patti", Role.Pmo);
        var pm = await h.PersonAsync("Megan", Role.ProjectManager);
        var project = await h.ProjectAsync(pm);
        var manual = await h.RaiseAsync(pm, project);
        var manualCard = await h.Warnings.PostedCardAsync(manual);
        await h.Warnings.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.82m);
        var rule = await h.Warnings.OpenAsync(project, CpiLowRule.RuleId);
        var ruleCard = await h.Warnings.PostedCardAsync(rule);

        var byPm = await h.ClickAsync(pm, manualCard, "Close");
        var onRule = await h.CardActions.RouteAsync(
            WarningCards.CloseVerb,
            new PmoBot.Commands.CardActionRequest(pmo, new System.Text.Json.Nodes.JsonObject { [WarningCards.WarningField] = rule.Id }, ConversationKind.Channel),
            None);

        Assert.StartsWith("This action is for", byPm.Text, StringComparison.Ordinal);
        Assert.Single(await h.OpenManualAsync(project));
        Assert.DoesNotContain("Close", ActionTitles(ruleCard));
        Assert.DoesNotContain("Close", WarningsHarness.RowActionsOf(ruleCard, 1).Select(a => a["title"]!.GetValue<string>()));
        Assert.Contains("Close", WarningsHarness.RowActionsOf(ruleCard, 2).Select(a => a["title"]!.GetValue<string>()));
        Assert.Contains(WarningCloseCardAction.RuleWarningNote, TextsOf(onRule.Card));
        Assert.Equal(WarningStatus.Open, (await h.Warnings.Store.GetAsync(rule.Id, None))!.Status);
    }

    [Fact]
    public async Task Rules_evaluation_and_the_sweep_leave_manual_warnings_open_and_unchanged()
    {
        var h = await CreateAsync();
        var pmo = await h.PersonAsync("Patti", Role.Pmo);
        var project = await h.ProjectAsync(await h.PersonAsync("Megan", Role.ProjectManager));
        var manual = await h.RaiseAsync(pmo, project, WarningSeverity.Critical);

        await h.Warnings.SubmitAsync(project, WarningsHarness.Week48.Previous, cpi: 0.85m);
        h.Warnings.Time.Advance(TimeSpan.FromDays(7));
        await h.Warnings.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.99m);
        await h.Warnings.Monitor.EvaluateAsync(project with { Status = ProjectStatus.OnHold }, None);
        await h.Warnings.Sweeper.SweepOnceAsync(None);

        Assert.DoesNotContain(await h.Warnings.Store.ListOpenAsync(project.Code, None), e => e.RuleId == CpiLowRule.RuleId);
        var still = Assert.Single(await h.OpenManualAsync(project));
        Assert.Equal((manual.Id, manual.Version, WarningSeverity.Critical), (still.Id, still.Version, still.Severity));
    }

    [Fact]
    public async Task The_alert_cards_other_buttons_work_on_a_manual_warning()
    {
        var h = await CreateAsync();
        var pmo = await h.PersonAsync("Patti", Role.Pmo);
        var project = await h.ProjectAsync(await h.PersonAsync("Megan", Role.ProjectManager));
        var episode = await h.RaiseAsync(pmo, project);

        var reply = await h.ClickAsync(pmo, await h.Warnings.PostedCardAsync(episode), "Acknowledge");

        Assert.Equal(["Assign owner", "Schedule review meeting", "Snooze 1 week", "Close"], ActionTitles(reply.Card!));
        Assert.Equal(pmo.UserKey, (await h.Warnings.Store.GetAsync(episode.Id, None))!.Acknowledged!.ByKey);
        await AdaptiveCardValidator.AssertValidAsync("acknowledged manual warning", reply.Card!);
    }

    private static List<string> Errors(ManualWarningAnswer.ShowForm form) =>
        form.Card["body"]!.AsArray().Where(e => (string?)e!["color"] == "Attention").Select(e => e!["text"]!.GetValue<string>()).ToList();

    private static List<string> Choices(System.Text.Json.Nodes.JsonObject card) =>
        card["body"]!.AsArray().Single(e => (string?)e!["id"] == ManualWarningForm.ProjectField)!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
}
