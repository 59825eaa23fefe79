using System.Globalization;
using PmoBot.Reviews.Templates;

namespace PmoBot.Tests.Reviews.Templates;

public sealed class AnswerParserTests
{
    /// <summary>The day every date below is typed on, so dates without a year have a known answer.</summary>
    private static readonly DateOnly Today = new(2026, 3, 10);

    private static readonly string[] RoundTripCultures = ["en-GB", "en-US", "de-DE"];

    private static readonly Question RagQuestion = new("overall", "Overall status?", QuestionType.Rag, Required: true);
    private static readonly Question ChoiceQuestion = new("phase", "How is it going?", QuestionType.Choice, Required: true, Choices: ["On track", "At risk", "Off track", "Not started"]);
    private static readonly Question DaysQuestion = new("delay", "How many days late?", QuestionType.Number, Required: true, Min: 0, Max: 10, Unit: "days");
    private static readonly Question FreeNumberQuestion = new("count", "How many?", QuestionType.Number, Required: true);
    private static readonly Question HoursQuestion = new("hours", "Hours?", QuestionType.Number, Required: true, Min: 0, Max: 1000, Unit: "h");
    private static readonly Question PercentQuestion = new("percentComplete", "How much is done?", QuestionType.Percent, Required: true);
    private static readonly Question MoneyQuestion = new("actualCost", "Actual cost?", QuestionType.Money, Required: true);
    private static readonly Question DateQuestion = new("nextMilestoneDate", "When?", QuestionType.Date, Required: false);
    private static readonly Question TextQuestion = new("summary", "Summary?", QuestionType.Text, Required: false);
    private static readonly Question RisksQuestion = new("risks", "Top risks?", QuestionType.Risks, Required: false);

    private static readonly Dictionary<string, Question> Questions = new()
    {
        ["rag"] = RagQuestion,
        ["choice"] = ChoiceQuestion,
        ["days"] = DaysQuestion,
        ["number"] = FreeNumberQuestion,
        ["hours"] = HoursQuestion,
        ["percent"] = PercentQuestion,
        ["money"] = MoneyQuestion,
        ["date"] = DateQuestion,
        ["text"] = TextQuestion,
        ["risks"] = RisksQuestion,
    };

    [Theory]
    [InlineData("rag", "en-GB", "r", "Red")]
    [InlineData("rag", "en-GB", "A", "Amber")]
    [InlineData("rag", "en-GB", "g", "Green")]
    [InlineData("rag", "en-GB", "RED", "Red")]
    [InlineData("rag", "en-GB", "Amber", "Amber")]
    [InlineData("rag", "en-GB", "yellow", "Amber")]
    [InlineData("rag", "en-GB", " green. ", "Green")]
    [InlineData("rag", "en-GB", "🔴", "Red")]
    [InlineData("rag", "en-GB", "🟠", "Amber")]
    [InlineData("rag", "en-GB", "🟡", "Amber")]
    [InlineData("rag", "en-GB", "🟢", "Green")]
    [InlineData("choice", "en-GB", "on track", "On track")]
    [InlineData("choice", "en-GB", "OFF TRACK", "Off track")]
    [InlineData("choice", "en-GB", "2", "At risk")]
    [InlineData("choice", "en-GB", "4.", "Not started")]
    [InlineData("choice", "en-GB", "at", "At risk")]
    [InlineData("choice", "en-GB", "Not", "Not started")]
    [InlineData("choice", "en-GB", "off", "Off track")]
    [InlineData("days", "en-GB", "7", "7")]
    [InlineData("days", "en-GB", "7 days", "7")]
    [InlineData("days", "en-GB", "1 day", "1")]
    [InlineData("days", "en-GB", "2.5 DAYS", "2.5")]
    [InlineData("days", "de-DE", "2,5 Days", "2.5")]
    [InlineData("number", "en-GB", "1,234.5", "1234.5")]
    [InlineData("number", "en-US", "1,234", "1234")]
    [InlineData("number", "de-DE", "1.234,5", "1234.5")]
    [InlineData("number", "de-DE", "1,234", "1.234")]
    [InlineData("number", "de-DE", "1,234.5", "1234.5")]
    [InlineData("number", "de-DE", "1.5", "1.5")]
    [InlineData("number", "de-DE", "1.500", "1500")]
    [InlineData("number", "en-IN", "12,34,567", "1234567")]
    [InlineData("number", "en-IN", "1,234,567", "1234567")]
    [InlineData("number", "fr-FR", "1 234,5", "1234.5")]
    [InlineData("number", "en-GB", "-5", "-5")]
    [InlineData("number", "en-GB", "12.50", "12.5")]
    [InlineData("hours", "de-DE", "1.000 h", "1000")]
    [InlineData("percent", "en-GB", "40%", "40")]
    [InlineData("percent", "en-GB", "40", "40")]
    [InlineData("percent", "en-GB", "40 %", "40")]
    [InlineData("percent", "en-GB", "0.4", "40")]
    [InlineData("percent", "en-GB", ".4", "40")]
    [InlineData("percent", "en-GB", "0.45", "45")]
    [InlineData("percent", "en-GB", "0.5%", "0.5")]
    [InlineData("percent", "en-GB", "1", "1")]
    [InlineData("percent", "en-GB", "1.0", "1")]
    [InlineData("percent", "en-GB", "0", "0")]
    [InlineData("percent", "en-GB", "100", "100")]
    [InlineData("percent", "en-GB", "12.5 percent", "12.5")]
    [InlineData("percent", "de-DE", "0,4", "40")]
    [InlineData("percent", "de-DE", "40,5 %", "40.5")]
    [InlineData("money", "en-GB", "1,250,000", "1250000")]
    [InlineData("money", "en-GB", "1250000.50", "1250000.5")]
    [InlineData("money", "en-GB", "€1.2m", "1200000")]
    [InlineData("money", "en-GB", "1.2m EUR", "1200000")]
    [InlineData("money", "en-GB", "1.2M", "1200000")]
    [InlineData("money", "en-GB", "250k", "250000")]
    [InlineData("money", "en-GB", "$ 250 K", "250000")]
    [InlineData("money", "en-GB", "USD 1,250,000", "1250000")]
    [InlineData("money", "en-GB", "1,250,000 usd", "1250000")]
    [InlineData("money", "en-GB", "£3.5bn", "3500000000")]
    [InlineData("money", "en-GB", "2 million", "2000000")]
    [InlineData("money", "en-GB", "¥500000", "500000")]
    [InlineData("money", "en-IN", "₹12,50,000", "1250000")]
    [InlineData("money", "en-GB", "5 MXN", "5")]
    [InlineData("money", "en-GB", "0", "0")]
    [InlineData("money", "de-DE", "1.250.000 €", "1250000")]
    [InlineData("money", "de-DE", "1,2 Mio. €", "1200000")]
    [InlineData("money", "de-DE", "EUR 250.000,50", "250000.5")]
    [InlineData("date", "en-GB", "2026-09-30", "2026-09-30")]
    [InlineData("date", "en-US", "2026-09-30", "2026-09-30")]
    [InlineData("date", "en-GB", "30/09/2026", "2026-09-30")]
    [InlineData("date", "en-GB", "30/9/26", "2026-09-30")]
    [InlineData("date", "en-US", "9/30/2026", "2026-09-30")]
    [InlineData("date", "en-US", "09/30/2026", "2026-09-30")]
    [InlineData("date", "de-DE", "30.09.2026", "2026-09-30")]
    [InlineData("date", "de-DE", "30.9.2026", "2026-09-30")]
    [InlineData("date", "en-GB", "30 Sep 2026", "2026-09-30")]
    [InlineData("date", "en-GB", "30 Sept 2026", "2026-09-30")]
    [InlineData("date", "en-US", "Sep 30 2026", "2026-09-30")]
    [InlineData("date", "en-US", "September 30, 2026", "2026-09-30")]
    [InlineData("date", "en-GB", "30th of September 2026", "2026-09-30")]
    [InlineData("date", "en-GB", "30 September", "2026-09-30")]
    [InlineData("date", "en-GB", "5 Jan", "2026-01-05")]
    [InlineData("date", "en-GB", "20 December", "2025-12-20")]
    [InlineData("date", "en-GB", "1 Dec", "2026-12-01")]
    [InlineData("date", "de-DE", "30. September 2026", "2026-09-30")]
    [InlineData("date", "de-DE", "30. Sept. 2026", "2026-09-30")]
    [InlineData("date", "de-DE", "1. März 2026", "2026-03-01")]
    [InlineData("date", "de-DE", "3. Okt 2026", "2026-10-03")]
    [InlineData("text", "en-GB", "  Design signed off.  ", "Design signed off.")]
    [InlineData("text", "en-GB", "First line\r\nSecond line", "First line\nSecond line")]
    [InlineData("risks", "en-GB", "none", "")]
    [InlineData("risks", "en-GB", "No risks", "")]
    [InlineData("risks", "en-GB", "Vendor late (H/M)", "High|Medium|Vendor late")]
    [InlineData("risks", "en-GB", "Vendor late (h, l)", "High|Low|Vendor late")]
    [InlineData("risks", "en-GB", "Vendor late [M/H]", "Medium|High|Vendor late")]
    [InlineData("risks", "en-GB", "Vendor late - high/medium", "High|Medium|Vendor late")]
    [InlineData("risks", "en-GB", "Vendor late: low/high.", "Low|High|Vendor late")]
    [InlineData("risks", "en-GB", "Vendor late P:H I:M", "High|Medium|Vendor late")]
    [InlineData("risks", "en-GB", "Vendor late (P=L, I=H)", "Low|High|Vendor late")]
    [InlineData("risks", "en-GB", "Vendor late, probability high, impact medium", "High|Medium|Vendor late")]
    [InlineData("risks", "en-GB", "Vendor late (high probability, medium impact)", "High|Medium|Vendor late")]
    [InlineData("risks", "en-GB", "(H/M) Vendor late", "High|Medium|Vendor late")]
    [InlineData("risks", "en-GB", "Go-live slips (M/H)", "Medium|High|Go-live slips")]
    [InlineData("risks", "en-GB", "Vendor late (H/M); Key engineer leaves (L/H)", "High|Medium|Vendor late\nLow|High|Key engineer leaves")]
    [InlineData("risks", "en-GB", "- Vendor late (H/M)\n- Key engineer leaves (low/high)\n\n", "High|Medium|Vendor late\nLow|High|Key engineer leaves")]
    [InlineData("risks", "en-GB", "1. Budget cut (L/L)\r\n2) Scope creep - m/m", "Low|Low|Budget cut\nMedium|Medium|Scope creep")]
    public void Good_answers_are_read_into_their_canonical_form(string question, string culture, string input, string canonical)
    {
        var parse = AnswerParser.Parse(Questions[question], input, CultureInfo.GetCultureInfo(culture), Today);

        Assert.Equal(new AnswerParse.Ok(canonical), parse);
    }

    [Theory]
    [InlineData("rag", "en-GB", "purple", "\"purple\" is not a RAG status. Answer R, A or G (red, amber or green), e.g. A.")]
    [InlineData("rag", "en-GB", "ok", "\"ok\" is not a RAG status. Answer R, A or G (red, amber or green), e.g. A.")]
    [InlineData("choice", "en-GB", "5", "There are 4 choices, so 5 is not one of them. Choose On track, At risk, Off track or Not started, or type its number (1 to 4).")]
    [InlineData("choice", "en-GB", "o", "\"o\" could be On track or Off track: type more of it, or its number. Choose On track, At risk, Off track or Not started, or type its number (1 to 4).")]
    [InlineData("choice", "en-GB", "maybe", "\"maybe\" is not one of the choices. Choose On track, At risk, Off track or Not started, or type its number (1 to 4).")]
    [InlineData("days", "en-GB", "12 days", "12 days is out of range. A number from 0 to 10 days, e.g. 5.")]
    [InlineData("days", "en-GB", "-1", "-1 days is out of range. A number from 0 to 10 days, e.g. 5.")]
    [InlineData("days", "en-GB", "lots", "\"lots\" is not a number. A number from 0 to 10 days, e.g. 5.")]
    [InlineData("days", "en-GB", "1,5", "\"1,5\" is not a number. A number from 0 to 10 days, e.g. 5.")]
    [InlineData("hours", "de-DE", "1.500", "1.500 h is out of range. A number from 0 to 1.000 h, e.g. 500.")]
    [InlineData("hours", "en-GB", "1,500", "1,500 h is out of range. A number from 0 to 1,000 h, e.g. 500.")]
    [InlineData("percent", "en-GB", "140%", "140% is not a percentage from 0 to 100. Type how much is done, e.g. 40%.")]
    [InlineData("percent", "en-GB", "-5%", "-5% is not a percentage from 0 to 100. Type how much is done, e.g. 40%.")]
    [InlineData("percent", "en-GB", "about half", "\"about half\" is not a percentage. Type a number from 0 to 100, e.g. 40%.")]
    [InlineData("money", "en-GB", "-500", "An amount can't be negative. Type what was spent or what you forecast, e.g. 250,000, 1.2m or 1,250,000 EUR.")]
    [InlineData("money", "en-GB", "(500)", "An amount can't be negative. Type what was spent or what you forecast, e.g. 250,000, 1.2m or 1,250,000 EUR.")]
    [InlineData("money", "en-GB", "lots", "\"lots\" is not an amount. Type the amount in the project's currency, e.g. 250,000, 1.2m or 1,250,000 EUR.")]
    [InlineData("money", "en-GB", "1.2x", "\"1.2x\" is not an amount. Type the amount in the project's currency, e.g. 250,000, 1.2m or 1,250,000 EUR.")]
    [InlineData("money", "de-DE", "viel", "\"viel\" is not an amount. Type the amount in the project's currency, e.g. 250.000, 1,2m or 1.250.000 EUR.")]
    [InlineData("money", "en-GB", "EUR 5 USD", "\"EUR 5 USD\" names a currency twice. Type the amount with one currency or none, e.g. 250,000, 1.2m or 1,250,000 EUR.")]
    [InlineData("money", "en-GB", "5000000bn", "\"5000000bn\" is more than I take (1,000,000,000,000,000): check the amount, e.g. 250,000, 1.2m or 1,250,000 EUR.")]
    [InlineData("date", "en-US", "30/09/2026", "\"30/09/2026\" is not a date I can read: in your format the month comes first, then the day, then the year. Type it as 2026-04-30, 4/30/2026 or 30 Apr 2026.")]
    [InlineData("date", "en-GB", "9/30/2026", "\"9/30/2026\" is not a date I can read: in your format the day comes first, then the month, then the year. Type it as 2026-04-30, 30/04/2026 or 30 Apr 2026.")]
    [InlineData("date", "en-GB", "31 Feb 2026", "There is no 31 February 2026: February 2026 has 28 days.")]
    [InlineData("date", "en-GB", "31/04/2026", "There is no 31 April 2026: April 2026 has 30 days.")]
    [InlineData("date", "en-GB", "30 Feb", "There is no 30 February: February has at most 29 days.")]
    [InlineData("date", "en-GB", "2150-01-01", "2150 is out of range: dates must be between 2000 and 2100, e.g. 30 Apr 2026.")]
    [InlineData("date", "en-GB", "1 Jan 1999", "1999 is out of range: dates must be between 2000 and 2100, e.g. 30 Apr 2026.")]
    [InlineData("date", "en-GB", "next week", "\"next week\" is not a date I can read. Type it as 2026-04-30, 30/04/2026 or 30 Apr 2026.")]
    [InlineData("date", "en-GB", "Sep 2026", "\"Sep 2026\" is not a date I can read. Type it as 2026-04-30, 30/04/2026 or 30 Apr 2026.")]
    [InlineData("date", "de-DE", "bald", "\"bald\" is not a date I can read. Type it as 2026-04-30, 30.04.2026 or 30 Apr 2026.")]
    [InlineData("risks", "en-GB", "Vendor late", "\"Vendor late\" has no probability and impact. Write each risk as a description with its probability/impact as L, M or H, e.g. Vendor delivers late (H/M); Key engineer leaves (L/H). Type none if there are no risks.")]
    [InlineData("risks", "en-GB", "Vendor late (X/Y)", "\"Vendor late (X/Y)\" has no probability and impact. Write each risk as a description with its probability/impact as L, M or H, e.g. Vendor delivers late (H/M); Key engineer leaves (L/H). Type none if there are no risks.")]
    [InlineData("risks", "en-GB", "Vendor late (H/M); Budget cut", "\"Budget cut\" has no probability and impact. Write each risk as a description with its probability/impact as L, M or H, e.g. Vendor delivers late (H/M); Key engineer leaves (L/H). Type none if there are no risks.")]
    [InlineData("risks", "en-GB", "(H/M)", "\"(H/M)\" has no description: say what might happen. Write each risk as a description with its probability/impact as L, M or H, e.g. Vendor delivers late (H/M); Key engineer leaves (L/H). Type none if there are no risks.")]
    [InlineData("risks", "en-GB", "-", "\"-\" has no probability and impact. Write each risk as a description with its probability/impact as L, M or H, e.g. Vendor delivers late (H/M); Key engineer leaves (L/H). Type none if there are no risks.")]
    public void Bad_answers_say_what_was_wrong_and_what_to_type(string question, string culture, string input, string message)
    {
        var parse = AnswerParser.Parse(Questions[question], input, CultureInfo.GetCultureInfo(culture), Today);

        Assert.Equal(new AnswerParse.Invalid(message), parse);
    }

    [Theory]
    [InlineData("rag", "This question needs an answer. Answer R, A or G.")]
    [InlineData("choice", "This question needs an answer. Choose On track, At risk, Off track or Not started, or type its number (1 to 4).")]
    [InlineData("days", "This question needs an answer. A number from 0 to 10 days, e.g. 5.")]
    [InlineData("percent", "This question needs an answer. A percentage, e.g. 40%.")]
    [InlineData("money", "This question needs an answer. An amount, e.g. 250,000 or 1.2m.")]
    [InlineData("date", "Type **skip** to leave this question out, or answer it. A date, e.g. 2026-04-30, 30/04/2026 or 30 Apr 2026.")]
    [InlineData("text", "Type **skip** to leave this question out, or answer it. A few words or sentences (at most 2,000 characters).")]
    [InlineData("risks", "Type **skip** to leave this question out, or answer it. One risk per line, each with its probability/impact as L, M or H, e.g. Vendor delivers late (H/M); or none.")]
    public void An_empty_answer_is_refused_and_an_optional_question_says_how_to_skip(string question, string message)
    {
        var culture = CultureInfo.GetCultureInfo("en-GB");

        Assert.Equal(new AnswerParse.Invalid(message), AnswerParser.Parse(Questions[question], "   ", culture, Today));
        Assert.Equal(new AnswerParse.Invalid(message), AnswerParser.Parse(Questions[question], string.Empty, culture, Today));
    }

    [Fact]
    public void Text_up_to_the_limit_is_taken_and_longer_text_is_refused()
    {
        var culture = CultureInfo.GetCultureInfo("en-GB");

        Assert.Equal(new AnswerParse.Ok(new string('x', 2_000)), AnswerParser.Parse(TextQuestion, new string('x', 2_000), culture, Today));
        Assert.Equal(
            new AnswerParse.Invalid("That answer is 2,001 characters long; the most is 2,000. Keep to the main points, e.g. what changed, why, and what happens next."),
            AnswerParser.Parse(TextQuestion, new string('x', 2_001), culture, Today));
    }

    [Fact]
    public void Twenty_risks_are_taken_and_more_are_refused()
    {
        var culture = CultureInfo.GetCultureInfo("en-GB");
        string Risks(int count) => string.Join("\n", Enumerable.Range(1, count).Select(i => $"Risk number {i} (L/M)"));

        var twenty = Assert.IsType<AnswerParse.Ok>(AnswerParser.Parse(RisksQuestion, Risks(20), culture, Today));
        var more = Assert.IsType<AnswerParse.Invalid>(AnswerParser.Parse(RisksQuestion, Risks(21), culture, Today));

        Assert.Equal(20, ReviewAnswers.DecodeRisks(twenty.Canonical).Count);
        Assert.StartsWith("That is 21 risks; name the top 20 at most", more.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_answer_is_quoted_back_shortened()
    {
        var parse = AnswerParser.Parse(RagQuestion, "not sure, it depends on what the vendor says next week", CultureInfo.GetCultureInfo("en-GB"), Today);

        Assert.Equal(new AnswerParse.Invalid("\"not sure, it depends on what the vendor …\" is not a RAG status. Answer R, A or G (red, amber or green), e.g. A."), parse);
    }

    [Fact]
    public void A_date_without_a_year_is_placed_by_the_day_it_is_typed()
    {
        var culture = CultureInfo.GetCultureInfo("en-GB");

        Assert.Equal(new AnswerParse.Ok("2027-01-15"), AnswerParser.Parse(DateQuestion, "15 January", culture, new DateOnly(2026, 12, 1)));
        Assert.Equal(new AnswerParse.Ok("2026-12-20"), AnswerParser.Parse(DateQuestion, "20 December", culture, new DateOnly(2027, 1, 10)));
        Assert.Equal(new AnswerParse.Ok("2028-02-29"), AnswerParser.Parse(DateQuestion, "29 Feb", culture, new DateOnly(2026, 3, 10)));
    }

    [Theory]
    [InlineData("rag", "Amber")]
    [InlineData("choice", "At risk")]
    [InlineData("days", "7")]
    [InlineData("percent", "40.5")]
    [InlineData("money", "1250000")]
    [InlineData("date", "2026-09-30")]
    [InlineData("text", "Design signed off.")]
    [InlineData("risks", "High|Medium|Vendor late\nLow|High|Key engineer leaves")]
    [InlineData("risks", "")]
    public void What_the_formatter_shows_reads_back_as_the_same_answer(string question, string canonical)
    {
        foreach (var culture in RoundTripCultures.Select(CultureInfo.GetCultureInfo))
        {
            var shown = AnswerFormatter.Display(Questions[question], canonical, culture, "EUR");

            Assert.Equal(new AnswerParse.Ok(canonical), AnswerParser.Parse(Questions[question], shown, culture, Today));
        }
    }
}
