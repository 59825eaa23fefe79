using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using PmoBot.Tests.Reviews.CheckIn;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Processes;

/// <summary>
/// Compliance in the weekly review: a process version's questions become a review template version, asked only for
/// projects in the process's stages; a "no" asks for the reason and a date; the answers are recorded by week and
/// <c>compliance</c> shows the rates per process, project and PM, worst first, and who runs a project under a process
/// version they have not acknowledged.
/// </summary>
public sealed class ComplianceTests
{
    [Fact]
    public async Task Publishing_review_questions_adds_them_to_a_new_template_version_with_the_process_stages_and_document()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var process = await h.AddProcessAsync(pmo);
        var before = await h.Templates.GetCurrentAsync(None);

        var published = await h.PublishAsync(pmo, process.Process.Key, new Dictionary<string, string?>
        {
            [VersionForm.WhatChangedField] = "Weekly risk reviews.",
            [VersionForm.ComplianceField] = "Risk register reviewed this week?\n- New risks have an owner?",
        });
        var template = await h.Templates.GetCurrentAsync(None);

        Assert.Contains($"The weekly review asks its 2 questions from review template version {before.Version + 1}", published.Text, StringComparison.Ordinal);
        Assert.Equal(before.Version + 1, template.Version);
        Assert.Equal(before.Questions.Count + 2, template.Questions.Count);
        var asked = template.Questions.Where(q => q.Type == QuestionType.Compliance).ToList();
        Assert.Equal([$"{process.Process.Key}--q1", $"{process.Process.Key}--q2"], asked.Select(q => q.Id));
        Assert.Equal(["Risk register reviewed this week?", "New risks have an owner?"], asked.Select(q => q.Text));
        Assert.All(asked, q => Assert.Equal([ProjectStage.Planning, ProjectStage.Execution], q.StageList));
        Assert.All(asked, q => Assert.Equal(process.Process.DocumentUrl, q.Link));
        var version = (await h.Library.VersionAsync(process.Process.Key, 1, None))!;
        Assert.Equal(template.Version, version.TemplateVersion);
        Assert.Equal(asked.Select(q => q.Text), version.ComplianceQuestions.Select(q => q.Text));

        // The next version's form starts from these questions; publishing it unchanged adds no template version.
        var form = (await h.SayAsync(pmo, $"process publish {process.Process.Key}")).Card!;
        Assert.Equal("Risk register reviewed this week?\nNew risks have an owner?", InputsOf(form)[VersionForm.ComplianceField]);
        await h.PressAsync(pmo, form, "Publish", new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Typo fixed." });
        Assert.Equal(template.Version, (await h.Templates.GetCurrentAsync(None)).Version);

        // Clearing them takes them out of the questionnaire again.
        await h.PublishAsync(pmo, process.Process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "No more questions.", [VersionForm.ComplianceField] = string.Empty });
        Assert.DoesNotContain((await h.Templates.GetCurrentAsync(None)).Questions, q => q.Type == QuestionType.Compliance);
    }

    [Fact]
    public async Task Too_many_or_too_short_review_questions_come_back_on_the_form_and_nothing_is_published()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var process = await h.AddProcessAsync(pmo);

        var refused = await h.PublishAsync(pmo, process.Process.Key, new Dictionary<string, string?>
        {
            [VersionForm.WhatChangedField] = "Lots of questions.",
            [VersionForm.ComplianceField] = string.Join("\n", Enumerable.Range(1, ComplianceQuestions.MaxPerProcess + 1).Select(i => $"Question number {i}?")) + "\nOk?",
        });

        Assert.Contains($"a process may ask at most {ComplianceQuestions.MaxPerProcess} each week", string.Join("\n", TextsOf(refused.Card)), StringComparison.Ordinal);
        Assert.Contains("\"Ok?\" is 3 characters long", string.Join("\n", TextsOf(refused.Card)), StringComparison.Ordinal);
        Assert.Empty(await h.Library.VersionsAsync(process.Process.Key, None));
    }

    [Fact]
    public async Task The_review_asks_a_process_question_only_for_projects_in_its_stages_and_a_no_asks_why_and_by_when()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var process = await h.AddProcessAsync(pmo);
        await h.PublishAsync(pmo, process.Process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Weekly risk reviews.", [VersionForm.ComplianceField] = "Risk register reviewed this week?" });
        var review = await ReviewWiring.CreateAsync(h);
        var pm = await h.Projects.PersonAsync("Megan", Role.ProjectManager);
        var executing = ProjectsHarness.NewCode(1);
        var starting = ProjectsHarness.NewCode(2);
        await h.Projects.CreateAsync(ProjectsHarness.Valid(executing, pm));
        await h.Projects.CreateAsync(ProjectsHarness.Valid(starting, pm) with { Stage = ProjectStage.Initiation });
        var questionId = $"{process.Process.Key}--q1";

        var startingForm = (await review.SayAsync(pm, $"review form {starting}")).Card!;
        var executingForm = (await review.SayAsync(pm, $"review form {executing}")).Card!;
        Assert.DoesNotContain(InputsOf(startingForm).Keys, k => k.EndsWith(questionId, StringComparison.Ordinal));
        Assert.Contains(InputsOf(executingForm).Keys, k => k.EndsWith(questionId, StringComparison.Ordinal));

        var started = await review.SayAsync(pm, $"review {executing}");
        Assert.Contains($"{(await h.Templates.GetCurrentAsync(None)).Questions.Count} questions", started.Text, StringComparison.Ordinal);
        var asked = await review.SayAsync(pm, $"edit {questionId}");
        Assert.Contains("**Risk register reviewed this week?**", asked.Text, StringComparison.Ordinal);
        Assert.Equal(["Yes", "No", "N/A"], asked.QuickReplies!.Take(3));
        var why = await review.SayAsync(pm, "No");
        Assert.Contains("**Why not, and by when will it be fixed?**", why.Text, StringComparison.Ordinal);
        Assert.Contains($"[the process document]({process.Process.DocumentUrl})", why.Text, StringComparison.Ordinal);
        var summary = await review.SayAsync(pm, "no: the risk workshop moved; fix by 20/03/2025");
        Assert.Contains(FactsOf(summary.Card!), f => f.Value == "No: the risk workshop moved (fix by 20 Mar 2025)");
        await review.SayAsync(pm, "cancel");

        // The form reads the same answers; a submitted review records its compliance answers for the week.
        var submitted = await review.SubmitFormAsync(pm, executingForm, new Dictionary<string, string?> { [questionId] = "no - vendor late - by 21/03/2025" });
        Assert.StartsWith("Submitted", submitted.Text, StringComparison.Ordinal);
        var week = ReviewPeriod.Of(h.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        var recorded = Assert.Single(await h.Compliance.ListAsync([week], None), r => r.ProjectCode == executing);
        Assert.Equal((process.Process.Key, questionId, ComplianceKind.No, "vendor late"), (recorded.ProcessKey, recorded.QuestionId, recorded.Answer.Kind, recorded.Answer.Reason));
        Assert.Equal((pm.UserKey, "Risk register reviewed this week?"), (recorded.ManagerKey, recorded.QuestionText));
        await AdaptiveCardValidator.AssertValidAsync("review form with a compliance question", executingForm);
    }

    [Fact]
    public async Task A_review_not_begun_takes_up_a_question_published_since_it_was_opened_and_one_under_way_keeps_its_version()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var process = await h.AddProcessAsync(pmo);
        var review = await ReviewWiring.CreateAsync(h);
        var (megan, patti, adele) = (await h.Projects.PersonAsync("Megan", Role.ProjectManager), await h.Projects.PersonAsync("Patti", Role.ProjectManager), await h.Projects.PersonAsync("Adele", Role.ProjectManager));
        var (formCode, chatCode, begunCode) = (ProjectsHarness.NewCode(1), ProjectsHarness.NewCode(2), ProjectsHarness.NewCode(3));
        await h.Projects.CreateAsync(ProjectsHarness.Valid(formCode, megan));
        await h.Projects.CreateAsync(ProjectsHarness.Valid(chatCode, patti));
        await h.Projects.CreateAsync(ProjectsHarness.Valid(begunCode, adele));
        await review.SayAsync(megan, $"review {formCode}");
        await review.SayAsync(patti, $"review {chatCode}");
        await review.SayAsync(adele, $"review {begunCode}");
        await review.SayAsync(adele, "green");
        var before = (await h.Templates.GetCurrentAsync(None)).Questions.Count;

        await h.PublishAsync(pmo, process.Process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Sponsor reports.", [VersionForm.ComplianceField] = "Status report sent to the sponsor by Thursday noon?" });
        var questionId = $"{process.Process.Key}--q1";

        // Opened and not answered: the form asks the new question, and says why.
        var form = (await review.SayAsync(megan, $"review form {formCode}")).Card!;
        var published = (await h.Templates.GetCurrentAsync(None)).Version;
        Assert.Contains(InputsOf(form).Keys, k => k.EndsWith(questionId, StringComparison.Ordinal));
        Assert.Contains(TextsOf(form), t => t.Contains($"The PMO published a new questionnaire (version {published}", StringComparison.Ordinal));

        // In chat, the first answer takes it up too.
        var answered = await review.SayAsync(patti, "green");
        Assert.Contains($"question 2 of {before + 1}", answered.Text, StringComparison.Ordinal);
        Assert.Contains("The PMO published a new questionnaire", answered.Text, StringComparison.Ordinal);

        // The twin: a review with an answer keeps the questionnaire its answers belong to.
        var begun = (await review.SayAsync(adele, $"review form {begunCode}")).Card!;
        Assert.DoesNotContain(InputsOf(begun).Keys, k => k.EndsWith(questionId, StringComparison.Ordinal));
        Assert.DoesNotContain(TextsOf(begun), t => t.Contains("published a new questionnaire", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compliance_shows_the_rates_per_process_project_and_pm_worst_first_as_computed_by_hand()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var risk = (await h.AddProcessAsync(pmo, NewName("Risk management"))).Process;
        var change = (await h.AddProcessAsync(pmo, NewName("Change control"))).Process;
        var (p1, p2, p3) = await ThreeProjectsAsync(h);
        var thisWeek = ReviewPeriod.Of(h.Time.GetUtcNow(), TimeZoneInfo.Utc);
        var lastWeek = thisWeek.Previous;
        await RecordAsync(h, thisWeek, p1, (risk, "y"), (risk, "n"), (change, "n"));
        await RecordAsync(h, lastWeek, p1, (risk, "y"), (risk, "y"));
        await RecordAsync(h, thisWeek, p2, (risk, "n"), (risk, "a"));
        await RecordAsync(h, thisWeek, p3, (risk, "y"));
        await RecordAsync(h, thisWeek.Previous.Previous.Previous.Previous.Previous.Previous.Previous.Previous, p3, (risk, "n"));

        var card = (await h.SayAsync(pmo, "compliance")).Card!;

        // Risk: yes 4 (p1 three, p3 one), no 2 (p1, p2), one n/a: 4 of 6 = 67%. Change: 0 of 1. The p3 "no" nine weeks ago is outside the 8 weeks.
        var processes = TableAfter(card, "By process, worst first");
        Assert.Equal([change.Name, "0%", "0", "1", "0"], processes[1]);
        Assert.Equal([risk.Name, "67%", "4", "2", "1"], processes[2]);
        // Projects: p2 0 of 1, p1 3 of 5 (60%), p3 1 of 1.
        var projects = TableAfter(card, "Projects, worst first");
        Assert.Equal(["0%", "60%", "100%"], projects.Skip(1).Select(r => r[2]));
        Assert.Equal([p2.Code, p1.Code, p3.Code], projects.Skip(1).Select(r => r[0].Split(' ')[0]));
        // PMs: Megan runs p1 and p2: 3 of 6 = 50%; Adele runs p3: 100%.
        var managers = TableAfter(card, "Project managers, worst first");
        Assert.Equal([p1.Manager.Name, "50%", "3", "2"], managers[1]);
        Assert.Equal([p3.Manager.Name, "100%", "0", "1"], managers[2]);
        Assert.Contains(FactsOf(card), f => f.Title == $"{p2.Code} · {risk.Name}" && f.Value.Contains("No: workshop moved (fix by 20 Mar 2025", StringComparison.Ordinal));
        var chart = CardCharts.Only(card, "Chart.Line");
        var riskLine = chart["data"]!.AsArray().Single(s => s!["legend"]!.GetValue<string>() == risk.Name)!["values"]!.AsArray();
        Assert.Equal([(ComplianceCards.WeekLabel(lastWeek), 100m), (ComplianceCards.WeekLabel(thisWeek), 50m)], riskLine.Select(v => (v!["x"]!.GetValue<string>(), v["y"]!.GetValue<decimal>())));
        Assert.Equal("Table", CardCharts.NumbersOf(chart)["type"]!.GetValue<string>());
        await AdaptiveCardValidator.AssertValidAsync("compliance", card);
    }

    [Fact]
    public async Task A_leader_limited_to_a_business_unit_sees_only_its_projects_in_the_rates()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var risk = (await h.AddProcessAsync(pmo)).Process;
        var (p1, _, p3) = await ThreeProjectsAsync(h);
        var week = ReviewPeriod.Of(h.Time.GetUtcNow(), TimeZoneInfo.Utc);
        await RecordAsync(h, week, p1, (risk, "n"));
        await RecordAsync(h, week, p3, (risk, "y"));
        var leader = await h.Projects.LeaderLimitedToAsync(p1.BusinessUnit);

        var limited = (await h.SayAsync(leader, "compliance 4")).Card!;
        var everything = (await h.SayAsync(pmo, "compliance 4")).Card!;
        var pm = await h.SayAsync(await h.Projects.PersonAsync("Megan", Role.ProjectManager), "compliance");
        var tooMany = await h.SayAsync(pmo, "compliance 53");

        Assert.Equal([risk.Name, "0%", "0", "1", "0"], TableAfter(limited, "By process, worst first")[1]);
        Assert.DoesNotContain(TextsOf(limited), t => t.StartsWith(p3.Code, StringComparison.Ordinal));
        Assert.Equal([risk.Name, "50%", "1", "1", "0"], TableAfter(everything, "By process, worst first")[1]);
        Assert.StartsWith("**compliance** is for", pm.Text, StringComparison.Ordinal);
        Assert.StartsWith("\"53\" is not a number of weeks from 1 to 52", tooMany.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pms_running_a_project_under_a_process_version_they_have_not_acknowledged_show_until_they_do()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var (p1, _, p3) = await ThreeProjectsAsync(h);
        var megan = (await h.Projects.People.Directory.GetAsync(p1.Manager.UserKey, None))!;
        var (process, rollout) = await h.RollOutAsync(pmo, [megan], new DateOnly(2025, 3, 24));
        await h.Rounds.SweepAsync(None);

        // The register is shared by every test, and the card names the first 15 runs: read the report, and show this
        // test's own runs on the card.
        async Task<JsonObject> CompliancePartAsync()
        {
            Assert.NotNull((await h.SayAsync(pmo, "compliance")).Card);
            var report = await h.ComplianceReader.ReadAsync(((IProjectVisibility)h.Projects.Visibility).ViewOf(pmo), 8, None);
            return ComplianceCards.Report(report with { Unacknowledged = report.Unacknowledged.Where(u => u.ProjectCode == p1.Code || u.ProjectCode == p3.Code).ToList() }, "everything");
        }

        var before = await CompliancePartAsync();
        await h.AcknowledgeAsync(megan, await h.CardFor(rollout, megan));
        var after = await CompliancePartAsync();

        Assert.Contains((p1.Manager.Name, $"{p1.Code} under {process.Process.Name} version 1: not acknowledged yet"), FactsOf(before));
        Assert.Contains((p3.Manager.Name, $"{p3.Code} under {process.Process.Name} version 1: not in its rollout"), FactsOf(before));
        Assert.DoesNotContain(FactsOf(after), f => f.Value.StartsWith(p1.Code, StringComparison.Ordinal));
        Assert.Contains(FactsOf(after), f => f.Value.StartsWith(p3.Code, StringComparison.Ordinal));
    }

    /// <summary>Megan runs p1 and p2 in one business unit, Adele p3 in another; all in Execution.</summary>
    private static async Task<(Project P1, Project P2, Project P3)> ThreeProjectsAsync(ProcessesHarness h)
    {
        var megan = await h.Projects.PersonAsync("Megan", Role.ProjectManager);
        var adele = await h.Projects.PersonAsync("Adele", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var other = ProjectsHarness.NewBusinessUnit();
        var p1 = (await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(1), megan, businessUnit: unit))).Project;
        var p2 = (await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(2), megan, businessUnit: unit))).Project;
        var p3 = (await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(3), adele, businessUnit: other))).Project;
        return (p1, p2, p3);
    }

    /// <summary>A submitted review of <paramref name="project"/> answering the processes' questions (y, n, a), recorded as the app's observer records it.</summary>
    private static async Task RecordAsync(ProcessesHarness h, ReviewPeriod week, Project project, params (ProcessDefinition Process, string Answer)[] answers)
    {
        var values = answers.Select((a, i) => KeyValuePair.Create(ProcessKey.QuestionId(a.Process.Key, i + 1), a.Answer switch
        {
            "y" => ComplianceAnswer.Yes.Canonical,
            "a" => ComplianceAnswer.NotApplicable.Canonical,
            _ => new ComplianceAnswer(ComplianceKind.No, "workshop moved", new DateOnly(2025, 3, 20)).Canonical,
        }));
        var record = new ReviewRecord(project.Code, week, ReviewOutcome.Submitted, 1, ReviewAnswers.From(values), project.Manager.UserKey, project.Manager.Name, h.Time.GetUtcNow(), Guid.NewGuid().ToString("N"), null);
        await h.ComplianceRecorder.ReviewSubmittedAsync(project, record, None);
    }

    /// <summary>The review check-in as the app wires it, on this test's own questionnaire and with the compliance recorder observing.</summary>
    private sealed class ReviewWiring
    {
        private ReviewWiring(ProcessesHarness h, Azure.Data.Tables.TableServiceClient service)
        {
            var history = new ReviewHistory(new ReviewHistoryStore(service), new LatestStatusStore(service), new MissedReviewStore(service), h.Time);
            var sessions = new ReviewSessionStore(service);
            var starter = new ReviewStarter(h.Projects.Register, h.Templates, history, h.Time);
            var submitter = new ReviewSubmitter(sessions, starter, h.Projects.Register, h.Templates, history, h.Time, [h.ComplianceRecorder]);
            var forms = new ReviewFormOpener(sessions, starter, h.Templates);
            Commands = new CommandRouter([new ReviewCommands(sessions, starter, h.Templates, forms, h.Time)], [new ReviewConversation(sessions, h.Templates, submitter, forms, starter, h.Time)]);
            CardActions = new CardActionRouter([new ReviewFormSubmitCardAction(h.Templates, h.Projects.Register, submitter, h.Time, sessions, history, starter)]);
        }

        public CommandRouter Commands { get; }

        public CardActionRouter CardActions { get; }

        public static async Task<ReviewWiring> CreateAsync(ProcessesHarness h) =>
            new(h, await AzuriteStorage.WithTablesAsync(ReviewHistoryStore.TableName, LatestStatusStore.TableName, MissedReviewStore.TableName, ReviewSessionStore.TableName));

        public Task<Reply> SayAsync(PmoUser caller, string text) =>
            Commands.RouteAsync(caller, text, ConversationKind.Personal, [], None, new ChatPlace("en-GB", caller.UserKey, null));

        /// <summary>Submits the review form with every required answer filled as a PM would, and <paramref name="answers"/> by question id.</summary>
        public Task<Reply> SubmitFormAsync(PmoUser caller, JsonObject form, Dictionary<string, string?> answers)
        {
            var action = ActionsOf(form).Single(a => a["title"]!.GetValue<string>() == "Submit review");
            var data = action["data"]!.DeepClone().AsObject();
            foreach (var input in form["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal)))
            {
                var id = input!["id"]!.GetValue<string>();
                var questionId = id["answer_".Length..];
                data[id] = answers.TryGetValue(questionId, out var given) ? given : CheckInHarness.AnswerFor(new Question(questionId, "?", QuestionType.Text, false));
            }

            return CardActions.RouteAsync(action["verb"]!.GetValue<string>(), new CardActionRequest(caller, data, ConversationKind.Personal, "en-GB"), None);
        }
    }
}
