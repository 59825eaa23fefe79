using System.Globalization;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Tests.Reviews.Templates;

/// <summary>
/// Compliance questions in the questionnaire: yes, no or n/a, a "no" with its reason and fix-by date read from one line
/// (a bare "no" is asked for them, with the process document's link), stored readably, and asked only in their stages.
/// </summary>
public sealed class ComplianceAnswerTests
{
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly Question Question = new(
        "risk-management--q1", "Risk register reviewed this week?", QuestionType.Compliance, true, "From the Risk management process.",
        Stages: [ProjectStage.Planning, ProjectStage.Execution], Link: "https://contoso.sharepoint.com/pmo/risk.docx");

    [Theory]
    [InlineData("yes", "Yes")]
    [InlineData(" Y ", "Yes")]
    [InlineData("done", "Yes")]
    [InlineData("✅", "Yes")]
    [InlineData("n/a", "N/A")]
    [InlineData("NA", "N/A")]
    [InlineData("not applicable", "N/A")]
    [InlineData("no: the risk workshop moved; fix by 4 Dec 2026", "No: the risk workshop moved; fix by 2026-12-04")]
    [InlineData("No - vendor late - by 04/12/2026", "No: vendor late; fix by 2026-12-04")]
    [InlineData("no, register tool down, 2026-12-04", "No: register tool down; fix by 2026-12-04")]
    [InlineData("no the owner was ill until 4 December", "No: the owner was ill; fix by 2026-12-04")]
    [InlineData("n: not yet; fix by 23/11/2026", "No: not yet; fix by 2026-11-23")]
    public void An_answer_is_read_into_one_readable_canonical_line(string typed, string canonical) =>
        Assert.Equal(canonical, Assert.IsType<AnswerParse.Ok>(AnswerParser.Parse(Question, typed, EnGb, Today)).Canonical);

    [Fact]
    public void A_bare_no_asks_why_and_by_when_and_links_the_process_document()
    {
        var asked = Assert.IsType<AnswerParse.Invalid>(AnswerParser.Parse(Question, "No", EnGb, Today));

        Assert.StartsWith("**Why not, and by when will it be fixed?** Answer in one line, e.g. **no: the risk workshop moved to next week; fix by 31/12/2026**.", asked.Message, StringComparison.Ordinal);
        Assert.EndsWith("[the process document](https://contoso.sharepoint.com/pmo/risk.docx).", asked.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no: the workshop moved", "Please add the date it will be fixed by")]
    [InlineData("no; fix by 4 Dec 2026", "Please say why not")]
    [InlineData("no: the workshop moved; fix by 1 Nov 2026", "1 Nov 2026 has passed")]
    [InlineData("no: the workshop moved; fix by someday", "is not a date")]
    [InlineData("maybe", "\"maybe\" is not yes, no or n/a")]
    public void A_no_without_its_reason_or_a_usable_date_is_asked_again(string typed, string problem)
    {
        var invalid = Assert.IsType<AnswerParse.Invalid>(AnswerParser.Parse(Question, typed, EnGb, Today));

        Assert.Contains(problem, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_no_reads_back_and_shows_with_its_date()
    {
        var answers = ReviewAnswers.Empty.With(Question.Id, "No: vendor late; fix by 2026-12-04");

        var answer = answers.Compliance(Question.Id)!;

        Assert.Equal((ComplianceKind.No, "vendor late", (DateOnly?)new DateOnly(2026, 12, 4)), (answer.Kind, answer.Reason, answer.FixBy));
        Assert.Equal("No: vendor late (fix by 4 Dec 2026)", AnswerFormatter.Display(Question, answers.Text(Question.Id)!, EnGb, "EUR"));
        Assert.Equal(["Yes", "No", "N/A"], QuestionHints.QuickReplies(Question));
        Assert.Equal(answer, ComplianceAnswer.Decode(AnswerParser.Parse(Question, "no: vendor late; fix by 2026-12-04", EnGb, Today) is AnswerParse.Ok ok ? ok.Canonical : null));
    }

    [Fact]
    public void Compliance_questions_with_stages_and_a_link_survive_the_template_json_and_limit_the_questions_per_stage()
    {
        var questions = DefaultTemplate.Questions.Append(Question).ToList();
        var json = ReviewTemplateJson.Serialize(questions);

        var read = Assert.IsType<ReviewTemplateParse.Ok>(ReviewTemplateJson.Parse(json)).Questions;
        var template = new ReviewTemplate(2, read, "test", DateTimeOffset.UnixEpoch);

        Assert.Contains("\"stages\": [", json, StringComparison.Ordinal);
        Assert.Equal(Question, read[^1] with { Stages = Question.Stages });
        Assert.Equal(Question.Stages, read[^1].Stages);
        Assert.True(template.HasStageLimits);
        Assert.Contains(template.ForStage(ProjectStage.Execution).Questions, q => q.Id == Question.Id);
        Assert.DoesNotContain(template.ForStage(ProjectStage.Initiation).Questions, q => q.Id == Question.Id);
        Assert.Equal(template.Questions.Count - 1, template.ForStage(ProjectStage.Closing).Questions.Count);
    }

    [Theory]
    [InlineData("{\"id\":\"registerReviewed\",\"text\":\"Risk register reviewed?\",\"type\":\"compliance\",\"required\":true}", "starts with its process's key and two dashes")]
    [InlineData("{\"id\":\"risk--q1\",\"text\":\"Risk register reviewed?\",\"type\":\"compliance\",\"required\":true,\"stages\":[\"Build\"]}", "\"Build\", which is not a project stage")]
    [InlineData("{\"id\":\"risk--q1\",\"text\":\"Risk register reviewed?\",\"type\":\"compliance\",\"required\":true,\"link\":\"risk.docx\"}", "\"link\" must be the process document's web address")]
    [InlineData("{\"id\":\"scope\",\"text\":\"Scope?\",\"type\":\"rag\",\"required\":true,\"stages\":[\"Planning\"]}", "\"stages\" are only for questions of type compliance")]
    public void A_template_breaking_a_compliance_rule_is_refused_and_says_which(string question, string error)
    {
        var refused = Assert.IsType<ReviewTemplateParse.Invalid>(ReviewTemplateJson.Parse($"{{\"questions\":[{question}]}}"));
        var accepted = ReviewTemplateJson.Parse("{\"questions\":[{\"id\":\"risk--q1\",\"text\":\"Risk register reviewed?\",\"type\":\"compliance\",\"required\":true,\"stages\":[\"planning\"],\"link\":\"https://contoso.example/risk\"}]}");

        Assert.Contains(refused.Errors, e => e.Contains(error, StringComparison.Ordinal));
        Assert.IsType<ReviewTemplateParse.Ok>(accepted);
    }
}
