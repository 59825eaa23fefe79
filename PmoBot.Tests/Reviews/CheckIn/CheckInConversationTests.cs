using Moq;
using PmoBot.Commands;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Reviews.CheckIn;

public sealed class CheckInConversationTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_misspelt_review_command_is_named_not_read_as_a_project_code_and_the_right_spelling_works()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync();

        var typo = await harness.SayAsync(pm, $"review histroy {codes[0]}");
        var templates = await harness.SayAsync(pm, "review templat");
        Assert.Null(await harness.Sessions.GetAsync(pm.UserKey, None));
        var meant = await harness.SayAsync(pm, $"review history {codes[0]}");
        var code = await harness.SayAsync(pm, $"review {codes[0]}");

        Assert.Equal($"I don't know **review histroy**: did you mean **review history {codes[0]}**? Nothing was opened. Type **help** to see the review commands.", typo.Text);
        Assert.StartsWith("I don't know **review templat**: did you mean **review template**?", templates.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("I don't know", meant.Text ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains($"**{codes[0]} · Mobile banking app relaunch**, question 1 of", code.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PRJ-101", null)]
    [InlineData("form", null)]
    [InlineData("forms PRJ-101", "review form PRJ-101")]
    [InlineData("shedule friday 14", "review schedule friday 14")]
    [InlineData("FROM", null)]
    [InlineData("", null)]
    public void A_near_miss_of_a_review_command_word_is_recognised_and_a_code_is_not(string arguments, string? expected)
    {
        Assert.Equal(expected, ReviewCommands.MisspeltSubcommand(arguments));
    }

    [Fact]
    public async Task A_pm_answers_a_whole_review_one_question_at_a_time_and_it_is_recorded_with_its_earned_value()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync();
        var code = codes[0];

        var first = await harness.SayAsync(pm, "review");
        var template = await harness.Templates.GetCurrentAsync(None);

        Assert.Contains($"**{code} · Mobile banking app relaunch**, question 1 of {template.Questions.Count}", first.Text, StringComparison.Ordinal);
        Assert.Equal(["Red", "Amber", "Green", ReviewDialog.UseAForm], first.QuickReplies);
        var summary = await harness.AnswerRestAsync(pm);
        Assert.NotNull(summary.Card);
        var facts = FactsOf(summary.Card!);
        Assert.Contains(facts, f => f.Value == "40%");
        Assert.Contains(facts, f => f.Value == "Amber");
        await AdaptiveCardValidator.AssertValidAsync("review summary", summary.Card!);

        // Submitted from New York: the card says when in the PM's own zone, and names it.
        var submitted = await harness.SayAsync(pm with { TimeZone = "America/New_York" }, "submit");

        var record = (await harness.History.GetAsync(code, CheckInHarness.Week48, None))!;
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var local = TimeZoneInfo.ConvertTime(record.RecordedAt, newYork).ToString("ddd d MMM yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(("Submitted by", $"{pm.Name}, {local} (America/New_York)"), FactsOf(submitted.Card!));
        Assert.Equal(ReviewOutcome.Submitted, record.Outcome);
        Assert.Equal(template.Version, record.TemplateVersion);
        Assert.Equal((Rag?)Rag.Amber, record.Answers.Rag(WellKnownQuestions.Overall));
        Assert.Equal(500_000m, record.Answers.Number(WellKnownQuestions.ActualCost));
        Assert.Equal(1_300_000m, record.Answers.Number(WellKnownQuestions.EstimateAtCompletion));
        Assert.Equal(new DateOnly(2026, 10, 15), record.Answers.Date(WellKnownQuestions.NextMilestoneDate));
        Assert.Equal([new RiskEntry("Vendor late", RiskLevel.High, RiskLevel.Medium), new RiskEntry("Key engineer leaves", RiskLevel.Medium, RiskLevel.High)], record.Answers.Risks(WellKnownQuestions.TopRisks));
        // EV = 40% x 1,200,000 = 480,000; AC = 500,000: CPI = 0.96, EAC = 1,200,000 / 0.96 = 1,250,000.
        Assert.Equal(0.96m, record.EarnedValue!.Cpi);
        Assert.Equal(1_250_000m, record.EarnedValue.Eac);
        Assert.Contains(("CPI (cost)", "0.96"), FactsOf(submitted.Card!));
        Assert.Contains("That was your last review for now. Thank you!", TextsOf(submitted.Card));
        Assert.Null(await harness.Sessions.GetAsync(pm.UserKey, None));
        await AdaptiveCardValidator.AssertValidAsync("review submitted", submitted.Card!);
    }

    [Fact]
    public async Task A_bad_answer_is_explained_and_the_same_question_asked_again()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, _) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");

        var reply = await harness.SayAsync(pm, "purple");

        Assert.Contains("question 1 of", reply.Text, StringComparison.Ordinal);
        Assert.Contains("purple", reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await harness.Sessions.GetAsync(pm.UserKey, None))!.Session.Step);
    }

    [Fact]
    public async Task Back_returns_to_the_previous_question_and_a_required_one_cannot_be_skipped()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, _) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");
        await harness.SayAsync(pm, "green");

        var back = await harness.SayAsync(pm, "back");
        var refused = await harness.SayAsync(pm, "skip");
        var first = await harness.SayAsync(pm, "back");

        Assert.Contains("question 1 of", back.Text, StringComparison.Ordinal);
        Assert.StartsWith("This question needs an answer, so it can't be skipped.", refused.Text, StringComparison.Ordinal);
        Assert.StartsWith("This is the first question", first.Text, StringComparison.Ordinal);
        var session = (await harness.Sessions.GetAsync(pm.UserKey, None))!.Session;
        Assert.Equal((0, "Green"), (session.Step, session.Answers.Text(WellKnownQuestions.Overall)));
    }

    [Fact]
    public async Task Skipping_an_optional_question_leaves_it_out_and_edit_from_the_summary_returns_to_the_summary()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync();
        var template = await harness.Templates.GetCurrentAsync(None);
        await harness.SayAsync(pm, "review");
        await harness.AnswerRestAsync(pm, q => q.Required ? CheckInHarness.AnswerFor(q) : "skip");

        var editing = await harness.SayAsync(pm, $"edit {template.IndexOf(WellKnownQuestions.PercentComplete) + 1}");
        var summary = await harness.SayAsync(pm, "0.55");
        await harness.SayAsync(pm, "submit");

        Assert.Contains("question", editing.Text, StringComparison.Ordinal);
        Assert.NotNull(summary.Card);
        var record = (await harness.History.GetAsync(codes[0], CheckInHarness.Week48, None))!;
        Assert.Equal(55m, record.Answers.Number(WellKnownQuestions.PercentComplete));
        Assert.All(template.Questions.Where(q => !q.Required), q => Assert.False(record.Answers.Has(q.Id)));
    }

    [Fact]
    public async Task Same_keeps_last_weeks_answer_which_is_offered_with_each_question()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");
        await harness.AnswerRestAsync(pm);
        await harness.SayAsync(pm, "submit");
        var week48 = (await harness.History.GetAsync(codes[0], CheckInHarness.Week48, None))!;
        harness.Time.Advance(TimeSpan.FromDays(7));

        var first = await harness.SayAsync(pm, "review");
        await harness.AnswerRestAsync(pm, q => week48.Answers.Has(q.Id) ? "same" : "skip");
        await harness.SayAsync(pm, "submit");

        Assert.Contains("Last week: **Amber**", first.Text, StringComparison.Ordinal);
        Assert.Contains("Same", first.QuickReplies!);
        var week49 = (await harness.History.GetAsync(codes[0], CheckInHarness.Week48.Next, None))!;
        Assert.Equal(week48.Answers.All.OrderBy(a => a.Key), week49.Answers.All.OrderBy(a => a.Key));
    }

    [Fact]
    public async Task Pause_gives_the_chat_back_to_commands_and_resume_continues_where_it_stopped()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, _) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");
        await harness.SayAsync(pm, "red");
        await harness.SayAsync(pm, "green");

        var paused = await harness.SayAsync(pm, "pause");
        var projects = await harness.SayAsync(pm, "projects");
        var resumed = await harness.SayAsync(pm, "resume");

        Assert.Contains("Paused your review", paused.Text, StringComparison.Ordinal);
        Assert.NotNull(projects.Card);
        Assert.Contains("question 3 of", resumed.Text, StringComparison.Ordinal);
        var session = (await harness.Sessions.GetAsync(pm.UserKey, None))!.Session;
        Assert.Equal(("Red", "Green"), (session.Answers.Text(WellKnownQuestions.Overall), session.Answers.Text(WellKnownQuestions.Scope)));
    }

    [Fact]
    public async Task A_slash_command_runs_without_leaving_the_review()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, _) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");

        var projects = await harness.SayAsync(pm, "/projects");
        var next = await harness.SayAsync(pm, "amber");

        Assert.NotNull(projects.Card);
        Assert.Contains("question 2 of", next.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_drops_the_review_and_saves_nothing()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");
        await harness.SayAsync(pm, "red");

        var cancelled = await harness.SayAsync(pm, "cancel");

        Assert.StartsWith($"Cancelled your review of **{codes[0]}**; nothing was saved.", cancelled.Text, StringComparison.Ordinal);
        Assert.Null(await harness.Sessions.GetAsync(pm.UserKey, None));
        Assert.Null(await harness.History.GetAsync(codes[0], CheckInHarness.Week48, None));
    }

    [Fact]
    public async Task A_review_half_done_survives_a_restart()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");
        await harness.SayAsync(pm, "red");

        var restarted = await CheckInHarness.RestartOfAsync(harness);
        var next = await restarted.SayAsync(pm, "green");
        await restarted.AnswerRestAsync(pm);
        await restarted.SayAsync(pm, "submit");

        Assert.Contains("question 3 of", next.Text, StringComparison.Ordinal);
        var record = (await restarted.History.GetAsync(codes[0], CheckInHarness.Week48, None))!;
        Assert.Equal((Rag?)Rag.Red, record.Answers.Rag(WellKnownQuestions.Overall));
    }

    [Fact]
    public async Task A_pm_with_two_projects_goes_on_to_the_second_after_submitting_the_first()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync(2);

        var first = await harness.SayAsync(pm, "review");
        await harness.AnswerRestAsync(pm);
        var submitted = await harness.SayAsync(pm, "submit");

        Assert.Contains("then 1 more project", first.Text, StringComparison.Ordinal);
        Assert.Contains($"Next: {codes[1]} · Mobile banking app relaunch", TextsOf(submitted.Card));
        Assert.Equal(codes[1], (await harness.Sessions.GetAsync(pm.UserKey, None))!.Session.ProjectCode);
        var second = await harness.SayAsync(pm, "green");
        Assert.Contains($"**{codes[1]} · Mobile banking app relaunch**, question 2 of", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_sent_after_cancel_names_the_reviews_still_due_and_the_last_one_says_it_was_the_last()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync(3);
        await harness.SayAsync(pm, "review");
        await harness.SayAsync(pm, "cancel");

        var second = await SubmitFormAsync(harness, pm, codes[1]);

        Assert.Contains($"Submitted: {codes[1]}, week 2026-W48", TextsOf(second.Card));
        Assert.Contains($"Still to review for week 2026-W48: {codes[0]}, {codes[2]}. Type **review** to go on.", TextsOf(second.Card));
        Assert.DoesNotContain("That was your last review for now. Thank you!", TextsOf(second.Card));
        Assert.Contains(CheckInHarness.ActionsOf(second.Card!), a => a["title"]?.GetValue<string>() == "Go on with the reviews");
        var goOn = await harness.SayAsync(pm, "review");
        Assert.Contains($"**{codes[0]} · Mobile banking app relaunch**, question 1 of", goOn.Text, StringComparison.Ordinal);
        Assert.Contains("then 1 more project", goOn.Text, StringComparison.Ordinal);
        await harness.SayAsync(pm, "cancel");

        await SubmitFormAsync(harness, pm, codes[0]);
        var last = await SubmitFormAsync(harness, pm, codes[2]);

        Assert.Contains("That was your last review for now. Thank you!", TextsOf(last.Card));
        Assert.DoesNotContain(TextsOf(last.Card), t => t.StartsWith("Still to review", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reviewing_a_project_already_in_this_week_says_it_corrects_the_submitted_review_and_offers_its_answers()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync(2);
        await harness.SayAsync(pm, "review");
        await harness.AnswerRestAsync(pm);
        await harness.SayAsync(pm, "submit");
        await harness.SayAsync(pm, "cancel");

        // The twin in the same set-up: the project not yet in offers no correction.
        var fresh = await harness.SayAsync(pm, $"review {codes[1]}");
        Assert.Contains($"Review of **{codes[1]}** for week 2026-W48", fresh.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("was submitted", fresh.Text, StringComparison.Ordinal);
        await harness.SayAsync(pm, "cancel");

        var again = await harness.SayAsync(pm, $"review {codes[0]}");
        Assert.Contains($"The review of **{codes[0]}** for week 2026-W48 was submitted by {pm.Name} on ", again.Text, StringComparison.Ordinal);
        Assert.Contains("**submit** at the end replaces the review. **cancel** leaves it as it was submitted.", again.Text, StringComparison.Ordinal);
        Assert.Contains("Submitted: **Amber**; type **same** to keep it.", again.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Last week:", again.Text, StringComparison.Ordinal);

        // Leaving it untouched keeps the review as it was.
        var before = (await harness.History.GetAsync(codes[0], CheckInHarness.Week48, None))!;
        await harness.SayAsync(pm, "cancel");
        var after = (await harness.History.GetAsync(codes[0], CheckInHarness.Week48, None))!;
        Assert.Equal((before.SubmissionId, before.RecordedAt), (after.SubmissionId, after.RecordedAt));

        var form = (await harness.SayAsync(pm, $"review form {codes[0]}")).Card!;
        Assert.Contains(TextsOf(form), t => t.Contains($"for week 2026-W48 was submitted by {pm.Name} on ", StringComparison.Ordinal) && t.Contains("it replaces the one submitted", StringComparison.Ordinal));
        Assert.Equal("Amber", ProjectsHarness.InputsOf(form)["answer_" + WellKnownQuestions.Overall]);
        var freshForm = (await harness.SayAsync(pm, $"review form {codes[1]}")).Card!;
        Assert.DoesNotContain(TextsOf(freshForm), t => t.Contains("was submitted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_form_altered_to_name_a_future_or_long_past_week_records_nothing_and_one_for_this_week_or_a_missed_week_is_taken()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync(2);
        var code = codes[0];
        var form = (await harness.SayAsync(pm, $"review form {code}")).Card!;
        var inputs = await FilledAsync(harness, form);

        var future = await harness.ClickAsync(pm, WithWeek(form, "2030-W01"), "Submit review", inputs);
        var past = await harness.ClickAsync(pm, WithWeek(form, "2026-W40"), "Submit review", inputs);

        Assert.Equal($"That form is for week 2030-W01, which has not begun (this week is 2026-W48), so nothing was submitted. Type **review form {code}** for this week's form.", future.Text);
        Assert.StartsWith("That form is for week 2026-W40, which is past and has no missed review of", past.Text, StringComparison.Ordinal);
        Assert.Null(await harness.History.GetAsync(code, new ReviewPeriod(2030, 1), None));
        Assert.Null(await harness.History.GetAsync(code, new ReviewPeriod(2026, 40), None));

        // The twins: the form as sent (this week), last week's form sent after the week turned, and a missed week made up late.
        Assert.Contains($"Submitted: {code}, week 2026-W48", TextsOf((await harness.ClickAsync(pm, form, "Submit review", inputs)).Card));
        Assert.Contains($"Submitted: {codes[1]}, week 2026-W47", TextsOf((await harness.ClickAsync(pm, WithWeek(WithProject(form, codes[1]), "2026-W47"), "Submit review", inputs)).Card));
        var project = (await harness.Projects.Register.GetAsync(code, None))!.Project;
        await harness.History.RecordMissedAsync(project, new ReviewPeriod(2026, 40), harness.Time.GetUtcNow(), None);
        Assert.Contains($"Updated: {code}, week 2026-W40", TextsOf((await harness.ClickAsync(pm, WithWeek(form, "2026-W40"), "Submit review", inputs)).Card));
        Assert.True((await harness.History.GetAsync(code, new ReviewPeriod(2026, 40), None))!.IsSubmitted);
    }

    [Fact]
    public async Task A_date_answered_without_its_year_is_placed_from_the_pms_own_date_in_chat_and_on_the_form()
    {
        // Monday 30 November 2026, 20:00 UTC: already Tuesday 1 December in Kolkata. A date typed without a year is
        // placed at most three months back from the PM's today, so "31 Aug" is next August's for her (yesterday's
        // UTC date would still reach back to 30 August and make it last August's).
        var harness = await CheckInHarness.CreateAsync();
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.Zero));
        var (manager, codes) = await harness.ManagerWithProjectsAsync(2);
        var pm = manager with { TimeZone = "Asia/Kolkata" };
        var week = new ReviewPeriod(2026, 49);
        string Answer(Question q) => q.Id == WellKnownQuestions.NextMilestoneDate ? "31 Aug" : CheckInHarness.AnswerFor(q);

        await harness.SayAsync(pm, $"review {codes[0]}");
        await harness.AnswerRestAsync(pm, Answer);
        await harness.SayAsync(pm, "submit");
        var form = (await harness.SayAsync(pm, $"review form {codes[1]}")).Card!;
        await harness.ClickAsync(pm, form, "Submit review", await FilledAsync(harness, form, Answer));

        Assert.Equal(new DateOnly(2027, 8, 31), (await harness.History.GetAsync(codes[0], week, None))!.Answers.Date(WellKnownQuestions.NextMilestoneDate));
        Assert.Equal(new DateOnly(2027, 8, 31), (await harness.History.GetAsync(codes[1], week, None))!.Answers.Date(WellKnownQuestions.NextMilestoneDate));
    }

    private static async Task<Dictionary<string, string?>> FilledAsync(CheckInHarness harness, System.Text.Json.Nodes.JsonObject form, Func<Question, string>? answerFor = null)
    {
        var inputs = ProjectsHarness.InputsOf(form);
        foreach (var question in (await harness.Templates.GetCurrentAsync(None)).Questions)
        {
            var answer = (answerFor ?? CheckInHarness.AnswerFor)(question);
            inputs["answer_" + question.Id] = answer == "skip" ? string.Empty : answer;
        }

        return inputs;
    }

    /// <summary>The form with its Submit button's data changed, as a client that alters a card's data would send it.</summary>
    private static System.Text.Json.Nodes.JsonObject WithWeek(System.Text.Json.Nodes.JsonObject form, string week) => WithData(form, ReviewCards.PeriodField, week);

    private static System.Text.Json.Nodes.JsonObject WithProject(System.Text.Json.Nodes.JsonObject form, string code) => WithData(form, ReviewCards.ProjectField, code);

    private static System.Text.Json.Nodes.JsonObject WithData(System.Text.Json.Nodes.JsonObject form, string field, string value)
    {
        var copy = form.DeepClone().AsObject();
        foreach (var action in CheckInHarness.ActionsOf(copy))
        {
            if (action["data"] is System.Text.Json.Nodes.JsonObject data && data.ContainsKey(field))
            {
                data[field] = value;
            }
        }

        return copy;
    }

    private static async Task<Reply> SubmitFormAsync(CheckInHarness harness, PmoBot.People.PmoUser pm, string code)
    {
        var form = (await harness.SayAsync(pm, $"review form {code}")).Card!;
        var inputs = ProjectsHarness.InputsOf(form);
        foreach (var question in (await harness.Templates.GetCurrentAsync(None)).Questions)
        {
            var answer = CheckInHarness.AnswerFor(question);
            inputs["answer_" + question.Id] = answer == "skip" ? string.Empty : answer;
        }

        return await harness.ClickAsync(pm, form, "Submit review", inputs);
    }

    [Fact]
    public async Task Clicking_submit_twice_records_the_review_once_and_says_when_in_the_pms_own_time()
    {
        var harness = await CheckInHarness.CreateAsync();
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.Zero));
        var (manager, codes) = await harness.ManagerWithProjectsAsync();
        var pm = manager with { TimeZone = "Asia/Kolkata" };
        await harness.SayAsync(pm, "review");
        var summary = await harness.AnswerRestAsync(pm);
        var recordedAt = harness.Time.GetUtcNow();

        var first = await harness.ClickAsync(pm, summary.Card!, "Submit review");
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await harness.ClickAsync(pm, summary.Card!, "Submit review");

        Assert.NotNull(first.Card);
        Assert.Equal($"Your review of {codes[0]} for week 2026-W49 was already submitted on 1 Dec 2026 01:30 (Asia/Kolkata); nothing changed.", second.Text);
        var recent = await harness.History.RecentAsync(codes[0], 5, None);
        Assert.Equal(recordedAt, Assert.Single(recent).RecordedAt);
    }

    [Fact]
    public async Task Change_an_answer_from_the_summary_card_goes_to_that_question_then_back_to_the_summary()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, _) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");
        var summary = await harness.AnswerRestAsync(pm);

        var question = await harness.ClickAsync(pm, summary.Card!, "Change it", new Dictionary<string, string?> { [ReviewCards.QuestionField] = WellKnownQuestions.Scope });
        var back = await harness.SayAsync(pm, "red");

        Assert.Contains("question 2 of", string.Join(' ', TextsOf(question.Card)), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync("review question card", question.Card!);
        Assert.NotNull(back.Card);
        Assert.Contains(FactsOf(back.Card!), f => f.Title.StartsWith("2.", StringComparison.Ordinal) && f.Value == "Red");
    }

    [Fact]
    public async Task A_pm_cannot_review_a_project_that_is_not_theirs_and_is_not_told_whether_it_exists()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (_, codes) = await harness.ManagerWithProjectsAsync();
        var other = await harness.Projects.PersonAsync("Adele", PmoBot.People.Role.ProjectManager);

        var someoneElses = await harness.SayAsync(other, $"review {codes[0]}");
        var unknown = await harness.SayAsync(other, "review NOPE-1");

        Assert.Equal(ReviewAccess.NotYours(codes[0]), someoneElses.Text);
        Assert.Equal(ReviewAccess.NotYours("NOPE-1"), unknown.Text);
    }

    [Fact]
    public async Task Nothing_due_is_explained()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, _) = await harness.ManagerWithProjectsAsync();
        var nobody = await harness.Projects.PersonAsync("Nestor", PmoBot.People.Role.ProjectManager);
        await harness.SayAsync(pm, "review");
        await harness.AnswerRestAsync(pm);
        await harness.SayAsync(pm, "submit");

        var done = await harness.SayAsync(pm, "review");
        var none = await harness.SayAsync(nobody, "review");

        Assert.StartsWith("All your reviews for week 2026-W48 are in.", done.Text, StringComparison.Ordinal);
        Assert.StartsWith("You have no active projects to review.", none.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_is_prefilled_comes_back_with_errors_marked_and_submits_once()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");
        await harness.AnswerRestAsync(pm);
        await harness.SayAsync(pm, "submit");
        harness.Time.Advance(TimeSpan.FromDays(7));

        var form = (await harness.SayAsync(pm, $"review form {codes[0]}")).Card!;
        var inputs = ProjectsHarness.InputsOf(form);
        Assert.Equal("Amber", inputs["answer_" + WellKnownQuestions.Overall]);
        Assert.Equal("40%", inputs["answer_" + WellKnownQuestions.PercentComplete]);
        Assert.Equal("500,000", inputs["answer_" + WellKnownQuestions.ActualCost]);
        Assert.Equal("1,300,000", inputs["answer_" + WellKnownQuestions.EstimateAtCompletion]);
        var labels = form["body"]!.AsArray().Where(e => e!["id"] is not null).ToDictionary(e => e!["id"]!.GetValue<string>(), e => e!["label"]!.GetValue<string>());
        Assert.Equal("What is the actual cost to date? (EUR)", labels["answer_" + WellKnownQuestions.ActualCost]);
        Assert.EndsWith("(estimate at completion)? (EUR, optional)", labels["answer_" + WellKnownQuestions.EstimateAtCompletion], StringComparison.Ordinal);
        Assert.Equal("How much of the work is complete? (%)", labels["answer_" + WellKnownQuestions.PercentComplete]);
        await AdaptiveCardValidator.AssertValidAsync("review form", form);

        inputs["answer_" + WellKnownQuestions.PercentComplete] = "140%";
        var withErrors = await harness.ClickAsync(pm, form, "Submit review", inputs);
        Assert.Contains(TextsOf(withErrors.Card), t => t.StartsWith("Nothing was submitted: 1 answer needs a look", StringComparison.Ordinal));
        Assert.Null(await harness.History.GetAsync(codes[0], CheckInHarness.Week48.Next, None));

        inputs["answer_" + WellKnownQuestions.PercentComplete] = "45%";
        var submitted = await harness.ClickAsync(pm, withErrors.Card!, "Submit review", inputs);
        var again = await harness.ClickAsync(pm, withErrors.Card!, "Submit review", inputs);

        Assert.Contains($"Submitted: {codes[0]}, week 2026-W49", TextsOf(submitted.Card));
        Assert.Contains($"Already submitted: {codes[0]}, week 2026-W49", TextsOf(again.Card));
        var recorded = (await harness.History.GetAsync(codes[0], CheckInHarness.Week48.Next, None))!.Answers;
        Assert.Equal(45m, recorded.Number(WellKnownQuestions.PercentComplete));
        Assert.Equal(500_000m, recorded.Number(WellKnownQuestions.ActualCost));
        Assert.Equal(1_300_000m, recorded.Number(WellKnownQuestions.EstimateAtCompletion));
    }

    [Fact]
    public async Task An_amount_is_asked_for_in_the_projects_currency()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, _) = await harness.ManagerWithProjectsAsync();
        var template = await harness.Templates.GetCurrentAsync(None);

        var reply = await harness.SayAsync(pm, "review");
        foreach (var question in template.Questions.TakeWhile(q => q.Id != WellKnownQuestions.ActualCost))
        {
            Assert.DoesNotContain("An amount", reply.Text, StringComparison.Ordinal);
            reply = await harness.SayAsync(pm, CheckInHarness.AnswerFor(question));
        }

        Assert.Contains("**What is the actual cost to date?**", reply.Text, StringComparison.Ordinal);
        Assert.Contains("An amount in EUR, e.g. 250,000 or 1.2m.", reply.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-GB", "0.5%", "1,234.5")]
    [InlineData("de-DE", "0,5%", "1.234,5")]
    public async Task A_form_prefilled_in_the_readers_culture_submits_back_the_same_numbers(string locale, string shownPercent, string shownCost)
    {
        // Half a percent shown without its sign would be read back as the fraction 0.5, i.e. 50%: the sign keeps it 0.5.
        var harness = await CheckInHarness.CreateAsync();
        var (pm, codes) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");
        await harness.AnswerRestAsync(pm, q => q.Id switch
        {
            WellKnownQuestions.PercentComplete => "0.5%",
            WellKnownQuestions.ActualCost => "1,234.5",
            _ => CheckInHarness.AnswerFor(q),
        });
        await harness.SayAsync(pm, "submit");
        harness.Time.Advance(TimeSpan.FromDays(7));

        var form = (await harness.SayAsync(pm, $"review form {codes[0]}", locale)).Card!;
        var inputs = ProjectsHarness.InputsOf(form);
        var submitted = await harness.ClickAsync(pm, form, "Submit review", inputs, locale);

        Assert.Equal(shownPercent, inputs["answer_" + WellKnownQuestions.PercentComplete]);
        Assert.Equal(shownCost, inputs["answer_" + WellKnownQuestions.ActualCost]);
        Assert.Contains($"Submitted: {codes[0]}, week 2026-W49", TextsOf(submitted.Card));
        var recorded = (await harness.History.GetAsync(codes[0], CheckInHarness.Week48.Next, None))!.Answers;
        Assert.Equal(0.5m, recorded.Number(WellKnownQuestions.PercentComplete));
        Assert.Equal(1234.5m, recorded.Number(WellKnownQuestions.ActualCost));
    }

    [Fact]
    public async Task Observers_hear_of_each_recorded_review_and_one_that_fails_does_not_undo_the_submission()
    {
        var failing = new Mock<IReviewEventsObserver>();
        failing.Setup(o => o.ReviewSubmittedAsync(It.IsAny<Project>(), It.IsAny<ReviewRecord>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("rules broke"));
        var listening = new Mock<IReviewEventsObserver>();
        var harness = await CheckInHarness.CreateAsync([failing.Object, listening.Object]);
        var (pm, codes) = await harness.ManagerWithProjectsAsync();
        await harness.SayAsync(pm, "review");
        var summary = await harness.AnswerRestAsync(pm);

        var submitted = await harness.ClickAsync(pm, summary.Card!, "Submit review");
        await harness.ClickAsync(pm, summary.Card!, "Submit review");

        Assert.Contains($"Submitted: {codes[0]}, week 2026-W48", TextsOf(submitted.Card));
        listening.Verify(o => o.ReviewSubmittedAsync(It.Is<Project>(p => p.Code == codes[0]), It.Is<ReviewRecord>(r => r.Period == CheckInHarness.Week48), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Reviews_are_answered_in_personal_chat_only()
    {
        var harness = await CheckInHarness.CreateAsync();
        var (pm, _) = await harness.ManagerWithProjectsAsync();

        var reply = await harness.Commands.RouteAsync(pm, "review", PmoBot.Conversations.ConversationKind.Channel, [], None);

        Assert.StartsWith("Reviews are answered in your personal chat", reply.Text, StringComparison.Ordinal);
        Assert.Null(await harness.Sessions.GetAsync(pm.UserKey, None));
    }
}
