using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.People;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Projects;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Reviews.CheckIn;

/// <summary>
/// The README's review walkthrough over real HTTP, as Megan meets it in the Agents Playground: <c>review</c>, a few
/// answers, <c>review form</c> in the middle of the review, the form submitted, the next project on screen. Megan and
/// her two projects are this test's own (the demo rows are shared by every test); the first project has last week's
/// review, as the demo's do.
/// </summary>
public sealed class ReviewChatOverHttpTests : IAsyncLifetime
{
    private const string London = "Europe/London";
    private static readonly CancellationToken None = CancellationToken.None;

    private BotOverHttp bot = null!;

    public async Task InitializeAsync() => bot = await BotOverHttp.StartAsync();

    public async Task DisposeAsync() => await bot.DisposeAsync();

    [Fact]
    public async Task The_readme_walkthrough_review_then_review_form_mid_review_then_submit_moves_on_to_the_next_project()
    {
        var (megan, codes, lastWeek) = await MeganWithProjectsAsync();
        var template = await (await CheckInHarness.CreateAsync()).Templates.GetCurrentAsync(None);
        await megan.SayAsync("hello");

        var first = await megan.SayAsync("review");
        await megan.SayAsync("red");
        var third = await megan.SayAsync("green");
        var opened = await megan.SayAsync("review form");

        Assert.Contains($"{codes[0]} · Mobile banking app relaunch", first.Text, StringComparison.Ordinal);
        Assert.Contains("question 3 of", third.Text, StringComparison.Ordinal);
        var form = opened.Card!;
        Assert.Contains($"Review of {codes[0]} · Mobile banking app relaunch", TextsOf(form));
        Assert.Contains(TextsOf(form), t => t.Contains("Your 2 answers so far are filled in, and last week's for the rest", StringComparison.Ordinal));
        var inputs = ProjectsHarness.InputsOf(form);
        Assert.Equal(("Red", "Green"), (inputs[Input(WellKnownQuestions.Overall)], inputs[Input(WellKnownQuestions.Scope)]));
        Assert.All(
            template.Questions.Where(q => q.Required),
            q => Assert.False(string.IsNullOrEmpty(inputs[Input(q.Id)]), $"required \"{q.Id}\" is blank"));
        Assert.Equal(lastWeek.Text(WellKnownQuestions.Schedule), inputs[Input(WellKnownQuestions.Schedule)]);
        Assert.Equal(2, (await Sessions().GetAsync(megan.Person.AadObjectId, None))!.Session.Step);
        await Cards.AdaptiveCardValidator.AssertValidAsync("review form mid-review", form);

        inputs[Input(WellKnownQuestions.PercentComplete)] = "40";
        inputs[Input(WellKnownQuestions.ActualCost)] = "700000";
        var submitted = await megan.ExecuteAsync(form, "Submit review", inputs);

        Assert.Contains(TextsOf(submitted), t => t.StartsWith($"Submitted: {codes[0]}", StringComparison.Ordinal));
        Assert.Contains($"Next: {codes[1]} · Mobile banking app relaunch", TextsOf(submitted));
        var record = (await (await CheckInHarness.CreateAsync()).History.GetAsync(codes[0], ThisWeek(), None))!;
        Assert.Equal((ReviewOutcome.Submitted, (Rag?)Rag.Red, 700_000m), (record.Outcome, record.Answers.Rag(WellKnownQuestions.Overall), record.Answers.Number(WellKnownQuestions.ActualCost)));

        // The session has moved on to the second project: its first question is a RAG, and "review form" is still the form.
        var next = await megan.SayAsync("review form");

        Assert.Contains($"Review of {codes[1]} · Mobile banking app relaunch", TextsOf(next.Card));
        Assert.Contains(TextsOf(next.Card), t => t.Contains("There are no earlier answers to fill in", StringComparison.Ordinal));
        Assert.Equal(codes[1], (await Sessions().GetAsync(megan.Person.AadObjectId, None))!.Session.ProjectCode);
    }

    [Fact]
    public async Task Each_question_offers_use_a_form_and_the_button_opens_the_form_where_review_form_was_once_read_as_an_answer()
    {
        var (megan, codes, _) = await MeganWithProjectsAsync();

        var question = await megan.SayAsync("review");
        var titles = QuickRepliesOf(question);
        var form = await megan.SayAsync(titles[^1]);

        Assert.Equal(["Red", "Amber", "Green", "Same", ReviewDialog.UseAForm], titles);
        Assert.Contains($"Review of {codes[0]} · Mobile banking app relaunch", TextsOf(form.Card));
        Assert.Contains(TextsOf(form.Card), t => t.Contains("Last week's answers are filled in", StringComparison.Ordinal));
        var session = (await Sessions().GetAsync(megan.Person.AadObjectId, None))!.Session;
        Assert.Equal((0, 0), (session.Step, session.Answers.Count));
    }

    [Fact]
    public async Task A_command_that_is_not_a_valid_answer_runs_and_leaves_the_review_where_it_was()
    {
        var (megan, codes, _) = await MeganWithProjectsAsync();
        await megan.SayAsync("review");
        await megan.SayAsync("amber");

        var projects = await megan.SayAsync("projects");
        var otherProject = await megan.SayAsync($"review {codes[1]}");
        var help = await megan.SayAsync("help");
        var stillAsking = await megan.SayAsync("purple");

        Assert.Contains(codes[0], projects.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.StartsWith($"You have the review of **{codes[0]}** open (question 2)", otherProject.Text, StringComparison.Ordinal);
        Assert.Contains("review form", help.Text, StringComparison.Ordinal);
        Assert.Contains("\"purple\"", stillAsking.Text, StringComparison.Ordinal);
        var session = (await Sessions().GetAsync(megan.Person.AadObjectId, None))!.Session;
        Assert.Equal((1, "Amber"), (session.Step, session.Answers.Text(WellKnownQuestions.Overall)));
    }

    [Fact]
    public async Task A_question_answered_in_words_takes_a_command_as_its_answer_but_review_form_still_opens_the_form()
    {
        var (megan, codes, _) = await MeganWithProjectsAsync();
        var template = await (await CheckInHarness.CreateAsync()).Templates.GetCurrentAsync(None);
        var milestone = template.IndexOf(WellKnownQuestions.NextMilestone);
        Assert.Equal(QuestionType.Text, template.Questions[milestone].Type);
        await megan.SayAsync("review");
        for (var step = 0; step < milestone; step++)
        {
            await megan.SayAsync(CheckInHarness.AnswerFor(template.Questions[step]));
        }

        var form = await megan.SayAsync($"review form {codes[0]}");
        var answered = await megan.SayAsync("projects");

        Assert.Contains($"Review of {codes[0]} · Mobile banking app relaunch", TextsOf(form.Card));
        Assert.Contains($"question {milestone + 2} of", answered.Text, StringComparison.Ordinal);
        var session = (await Sessions().GetAsync(megan.Person.AadObjectId, None))!.Session;
        Assert.Equal("projects", session.Answers.Text(WellKnownQuestions.NextMilestone));
    }

    [Fact]
    public async Task Questions_with_quick_replies_go_as_simple_html_that_the_playground_and_teams_both_render()
    {
        var (megan, codes, _) = await MeganWithProjectsAsync();

        var question = await megan.SayAsync("review");
        // Typed brackets and ampersands, as Teams sends them (escaped; a bold word would come as a tag).
        var refused = await megan.SayAsync("&lt;b&gt;purple&lt;/b&gt; &amp; pink");

        foreach (var message in new[] { question, refused })
        {
            Assert.Equal("xml", message.Body["textFormat"]?.GetValue<string>());
            Assert.NotEmpty(QuickRepliesOf(message));
            Assert.DoesNotContain("**", message.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("_Green", message.Text, StringComparison.Ordinal);
        }

        Assert.Contains($"<strong>{codes[0]} · Mobile banking app relaunch</strong>, question 1 of", question.Text, StringComparison.Ordinal);
        Assert.Contains("<br><br><strong>", question.Text, StringComparison.Ordinal);
        Assert.Contains("Last week: <strong>", question.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;purple&lt;/b&gt; &amp; pink", refused.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", refused.Text, StringComparison.Ordinal);

        // A message without quick replies keeps its markdown, which both render.
        var paused = await megan.SayAsync("pause");
        Assert.Null(paused.Body["suggestedActions"]);
        Assert.Contains($"**{codes[0]}**", paused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pms_first_hello_is_welcomed_with_the_weeks_reviews_waiting_and_one_with_each_submitted_or_without_the_role_is_not_told_of_any()
    {
        var (megan, codes, _) = await MeganWithProjectsAsync();
        var harness = await CheckInHarness.CreateAsync();
        var done = TestPerson.New("Adele");
        var adele = await harness.Projects.People.PersonAsync(done, Role.ProjectManager);
        var adeles = ProjectsHarness.NewCode();
        await harness.Projects.CreateAsync(ProjectsHarness.Valid(adeles, adele));
        var template = await harness.Templates.GetCurrentAsync(None);
        var project = (await harness.Projects.Register.GetAsync(adeles, None))!.Project;
        await harness.History.SubmitAsync(new ReviewSubmission(project, ThisWeek(), template.Version, ReviewAnswers.Empty, adele.UserKey, adele.Name, Guid.NewGuid().ToString("N"), ThisWeek().Monday), None);
        var newcomer = bot.ChatWith(TestPerson.New("Nestor"), London);

        // Known to PmoBot (a PM in the register, a role granted) but never opened it, as the PMO's imported PMs are.
        var users = new UserStore(new Azure.Data.Tables.TableServiceClient(AzuriteStorage.ConnectionString));
        foreach (var person in new[] { megan.Person, done })
        {
            await users.UpdateAsync(person.AadObjectId, p => p! with { FirstSeenAt = null }, None);
        }

        var welcome = TextsOf((await megan.SayAsync("hello")).Card);
        var nothingDue = TextsOf((await bot.ChatWith(done, London).SayAsync("hello")).Card);
        var noRole = TextsOf((await newcomer.SayAsync("hello")).Card);

        Assert.Contains($"Your reviews for week {ThisWeek()} are waiting: **{codes[0]}** and **{codes[1]}**. Type **review** to answer them one after another.", welcome);
        Assert.Contains($"Welcome to PmoBot, {adele.Name}", nothingDue);
        Assert.DoesNotContain(nothingDue, t => t.Contains("waiting", StringComparison.Ordinal));
        Assert.DoesNotContain(noRole, t => t.Contains("waiting", StringComparison.Ordinal));

        // What the welcome says is what review does.
        Assert.Contains($"{codes[0]} · ", (await megan.SayAsync("review")).Text, StringComparison.Ordinal);
    }

    private static string Input(string questionId) => "answer_" + questionId;

    private static ReviewPeriod ThisWeek() => ReviewPeriod.Of(DateTimeOffset.UtcNow, UserTimeZones.Resolve(London));

    private static ReviewSessionStore Sessions() => new(new Azure.Data.Tables.TableServiceClient(AzuriteStorage.ConnectionString));

    private static List<string> QuickRepliesOf(RecordingConnector.SentActivity message) =>
        (message.Body["suggestedActions"]?["actions"]?.AsArray() ?? []).Select(a => a!["title"]!.GetValue<string>()).ToList();

    /// <summary>Megan, a PM with two active projects (codes in review order), the first with last week's review submitted.</summary>
    private async Task<(HttpChat Megan, IReadOnlyList<string> Codes, ReviewAnswers LastWeek)> MeganWithProjectsAsync()
    {
        var harness = await CheckInHarness.CreateAsync();
        var person = TestPerson.New("Megan");
        var pm = await harness.Projects.People.PersonAsync(person, Role.ProjectManager);
        var codes = new[] { ProjectsHarness.NewCode(1), ProjectsHarness.NewCode(2) }.Order(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var code in codes)
        {
            await harness.Projects.CreateAsync(ProjectsHarness.Valid(code, pm));
        }

        var template = await harness.Templates.GetCurrentAsync(None);
        var culture = CultureInfo.GetCultureInfo("en-GB");
        var lastWeek = ReviewAnswers.From(template.Questions
            .Select(q => (q.Id, Parsed: AnswerParser.Parse(q, CheckInHarness.AnswerFor(q), culture, DateOnly.FromDateTime(DateTime.UtcNow))))
            .Where(a => a.Parsed is AnswerParse.Ok)
            .Select(a => KeyValuePair.Create(a.Id, ((AnswerParse.Ok)a.Parsed).Canonical)));
        var project = (await harness.Projects.Register.GetAsync(codes[0], None))!.Project;
        var period = ThisWeek().Previous;
        await harness.History.SubmitAsync(new ReviewSubmission(project, period, template.Version, lastWeek, pm.UserKey, pm.Name, Guid.NewGuid().ToString("N"), period.Monday.AddDays(4)), None);
        return (bot.ChatWith(person, London), codes, lastWeek);
    }
}
