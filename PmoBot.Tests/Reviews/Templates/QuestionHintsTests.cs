using System.Globalization;
using PmoBot.Reviews.Templates;

namespace PmoBot.Tests.Reviews.Templates;

public sealed class QuestionHintsTests
{
    /// <summary>A day whose example date (the last day of next month) is 30 Sep 2026.</summary>
    private static readonly DateOnly August = new(2026, 8, 10);

    public static TheoryData<Question, string> Hints => new()
    {
        { new("overall", "Overall?", QuestionType.Rag, true), "Answer R, A or G" },
        { new("phase", "Phase?", QuestionType.Choice, true, Choices: ["Design", "Build", "Test"]), "Choose Design, Build or Test, or type its number (1 to 3)" },
        { new("delay", "Delay?", QuestionType.Number, true, Min: 0, Max: 30, Unit: "days"), "A number from 0 to 30 days, e.g. 15" },
        { new("budget", "Budget?", QuestionType.Number, true, Min: 0, Max: 1, Unit: null), "A number from 0 to 1, e.g. 0.5" },
        { new("size", "Team size?", QuestionType.Number, true, Min: 1, Unit: "people"), "A number of at least 1 people, e.g. 12" },
        { new("size", "Team size?", QuestionType.Number, true, Max: 5), "A number up to 5, e.g. 5" },
        { new("hours", "Hours?", QuestionType.Number, true, Unit: "hours"), "A number in hours, e.g. 12" },
        { new("count", "Count?", QuestionType.Number, true, Max: 10_000), "A number up to 10,000, e.g. 12" },
        { new("percentComplete", "Done?", QuestionType.Percent, true), "A percentage, e.g. 40%" },
        { new("actualCost", "Cost?", QuestionType.Money, true), "An amount, e.g. 250,000 or 1.2m" },
        { new("nextMilestoneDate", "When?", QuestionType.Date, false), "A date, e.g. 2026-09-30 or 30 Sep 2026" },
        { new("summary", "Summary?", QuestionType.Text, false), "A few words or sentences (at most 2,000 characters)" },
        { new("risks", "Risks?", QuestionType.Risks, false), "One risk per line, each with its probability/impact as L, M or H, e.g. Vendor delivers late (H/M); or none" },
    };

    [Theory]
    [MemberData(nameof(Hints))]
    public void Every_question_type_has_a_short_how_to_answer_line(Question question, string hint)
    {
        Assert.Equal(hint, QuestionHints.Hint(question, August));
    }

    [Fact]
    public void The_hint_writes_numbers_and_dates_the_readers_way()
    {
        var question = new Question("count", "Count?", QuestionType.Number, true, Min: 0, Max: 10_000);
        var german = CultureInfo.GetCultureInfo("de-DE");

        Assert.Equal("A number from 0 to 10.000, e.g. 5.000", QuestionHints.HintFor(question, german, August));
        Assert.Equal("An amount, e.g. 250.000 or 1,2m", QuestionHints.HintFor(new Question("actualCost", "Cost?", QuestionType.Money, true), german, August));
        Assert.Equal("A date, e.g. 2026-09-30, 9/30/2026 or 30 Sep 2026", QuestionHints.HintFor(new Question("d", "When?", QuestionType.Date, true), CultureInfo.GetCultureInfo("en-US"), August));
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("en-GB")]
    [InlineData("de-DE")]
    public void The_compliance_hints_example_answer_is_accepted_on_any_day(string cultureName)
    {
        // A fixed example date read "fix by 9/30/2026" in December, and the same question refused that answer as passed.
        var culture = CultureInfo.GetCultureInfo(cultureName);
        var question = new Question("raid", "RAID log current?", QuestionType.Compliance, true);
        for (var today = new DateOnly(2026, 1, 1); today <= new DateOnly(2028, 12, 31); today = today.AddDays(1))
        {
            var hint = QuestionHints.HintFor(question, culture, today);
            var example = hint[(hint.IndexOf("e.g. ", StringComparison.Ordinal) + "e.g. ".Length)..];

            var parsed = AnswerParser.Parse(question, example, culture, today);

            var ok = Assert.IsType<AnswerParse.Ok>(parsed);
            Assert.True(ComplianceAnswer.Decode(ok.Canonical)?.FixBy > today, $"{today}: \"{example}\" read as {ok.Canonical}");
        }
    }

    [Fact]
    public void Quick_replies_answer_a_rag_or_a_choice_in_one_tap()
    {
        var few = new Question("phase", "Phase?", QuestionType.Choice, true, Choices: ["Design", "Build", "Test"]);
        var many = new Question("region", "Region?", QuestionType.Choice, true, Choices: ["North", "South", "East", "West", "Central", "Islands", "Overseas", "Online"]);

        Assert.Equal(["Red", "Amber", "Green"], QuestionHints.QuickReplies(new Question("overall", "Overall?", QuestionType.Rag, true)));
        Assert.Equal(["Design", "Build", "Test"], QuestionHints.QuickReplies(few));
        Assert.Equal(["North", "South", "East", "West", "Central", "Islands"], QuestionHints.QuickReplies(many));
        foreach (var type in new[] { QuestionType.Number, QuestionType.Percent, QuestionType.Money, QuestionType.Date, QuestionType.Text, QuestionType.Risks })
        {
            Assert.Empty(QuestionHints.QuickReplies(new Question("q", "Question?", type, true)));
        }
    }

    [Fact]
    public void Every_quick_reply_is_an_answer_the_parser_takes()
    {
        var culture = CultureInfo.GetCultureInfo("en-GB");
        var rag = new Question("overall", "Overall?", QuestionType.Rag, true);
        var choice = new Question("phase", "Phase?", QuestionType.Choice, true, Choices: ["Design", "Build", "Test"]);

        Assert.Equal(["Red", "Amber", "Green"], QuestionHints.QuickReplies(rag).Select(r => Assert.IsType<AnswerParse.Ok>(AnswerParser.Parse(rag, r, culture, new DateOnly(2026, 12, 7))).Canonical));
        Assert.Equal(choice.ChoiceList, QuestionHints.QuickReplies(choice).Select(r => Assert.IsType<AnswerParse.Ok>(AnswerParser.Parse(choice, r, culture, new DateOnly(2026, 12, 7))).Canonical));
    }
}
