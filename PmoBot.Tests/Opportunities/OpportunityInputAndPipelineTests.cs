using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Opportunities;

/// <summary>What the opportunity form lets in, every problem at once; and the pipeline's value in each currency.</summary>
public sealed class OpportunityInputAndPipelineTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_past_close_a_business_unit_typo_a_bad_amount_and_a_missing_account_are_all_marked_at_once()
    {
        var (h, typed) = await FormAsync();

        var reading = await h.Reader.ReadAsync(typed with { BusinessUnit = "Digitl", Value = "lots", ExpectedClose = "2025-01-01", Account = " " }, null, null, None);

        Assert.Null(reading.Opportunity);
        Assert.Contains(reading.Errors, e => e.StartsWith("The expected close 1 Jan 2025 is in the past (today is 10 Mar 2025)", StringComparison.Ordinal));
        Assert.Contains(reading.Errors, e => e.StartsWith("The business unit \"Digitl\" is not one the project register knows: ", StringComparison.Ordinal) && e.Contains("Digital", StringComparison.Ordinal));
        Assert.Contains(reading.Errors, e => e.StartsWith("The value \"lots\" is not an amount: type it e.g. 250,000, 1.2m", StringComparison.Ordinal));
        Assert.Contains("The account is missing.", reading.Errors);
        Assert.Equal(4, reading.Errors.Count);
    }

    [Fact]
    public async Task A_future_close_a_known_business_unit_in_any_case_and_1_2m_are_read()
    {
        var (h, typed) = await FormAsync();

        var reading = await h.Reader.ReadAsync(typed with { BusinessUnit = "digital", Value = "1.2m" }, null, null, None);

        Assert.Empty(reading.Errors);
        Assert.Equal(("Digital", 1_200_000m), (reading.Opportunity!.BusinessUnit, reading.Opportunity.Value));
    }

    [Theory]
    [InlineData("£50k", "EUR")]
    [InlineData("$1.2m", "EUR")]
    [InlineData("50,000 GBP", "EUR")]
    [InlineData("€50k", "USD")]
    public async Task A_value_in_another_currency_than_the_deal_s_is_refused(string value, string currency)
    {
        var (h, typed) = await FormAsync();

        var reading = await h.Reader.ReadAsync(typed with { Value = value, Currency = currency }, null, null, None);

        Assert.Null(reading.Opportunity);
        Assert.Equal($"The value \"{value}\" is in another currency than the deal's currency, {currency}: type the amount in {currency} (or without a currency), or change the currency.", Assert.Single(reading.Errors));
    }

    [Theory]
    [InlineData("€50k", "EUR", 50_000)]
    [InlineData("50k eur", "EUR", 50_000)]
    [InlineData("£50k", "GBP", 50_000)]
    [InlineData("$1.2m", "USD", 1_200_000)]
    [InlineData("50,000", "EUR", 50_000)]
    public async Task A_value_in_the_deal_s_own_currency_or_in_none_is_read(string value, string currency, int expected)
    {
        var (h, typed) = await FormAsync();

        var reading = await h.Reader.ReadAsync(typed with { Value = value, Currency = currency }, null, null, None);

        Assert.Empty(reading.Errors);
        Assert.Equal(((decimal)expected, currency), (reading.Opportunity!.Value, reading.Opportunity.Currency));
    }

    [Fact]
    public async Task A_currency_that_is_not_iso_4217_is_refused_and_one_that_is_is_kept()
    {
        var (h, typed) = await FormAsync();

        var zzz = await h.Reader.ReadAsync(typed with { Currency = "ZZZ" }, null, null, None);
        var chf = await h.Reader.ReadAsync(typed with { Currency = "chf" }, null, null, None);

        Assert.Equal("\"ZZZ\" is not an ISO 4217 currency code: use one such as EUR, USD or GBP.", Assert.Single(zzz.Errors));
        Assert.Empty(chf.Errors);
        Assert.Equal("CHF", chf.Opportunity!.Currency);
    }

    [Fact]
    public async Task Dates_in_the_year_9999_are_refused_as_too_far_ahead_and_2100_is_read()
    {
        var (h, typed) = await FormAsync();

        var far = await h.Reader.ReadAsync(typed with { ExpectedClose = "9999-12-01", DeliveryStart = "9999-12-31", DeliveryEnd = null }, null, null, None);
        var inRange = await h.Reader.ReadAsync(typed with { ExpectedClose = "2100-11-01", DeliveryStart = "2100-12-31", DeliveryEnd = null }, null, null, None);

        Assert.Null(far.Opportunity);
        Assert.Equal(
            ["The expected close date 1 Dec 9999 is too far ahead; give a date up to 2100.", "The planned delivery start date 31 Dec 9999 is too far ahead; give a date up to 2100."],
            far.Errors);
        Assert.Empty(inRange.Errors);
        Assert.Equal(new DateOnly(2100, 12, 31), inRange.Opportunity!.DeliveryStart);
    }

    [Fact]
    public async Task The_pipeline_shows_each_currency_s_value_and_never_drops_one()
    {
        var owner = new PmoUser("u-owner", "Patti Fernandez", null, null, "Europe/London", new HashSet<Role> { Role.Pmo }, false, null);
        var eur = OpportunityHarness.Valid("OPP-1", owner) with { Stage = OpportunityStage.Qualify, Value = 500_000m };
        var usd = OpportunityHarness.Valid("OPP-2", owner) with { Stage = OpportunityStage.Qualify, Value = 1_234_567.89m, Currency = "USD" };

        var card = Card([eur, usd, eur with { Code = "OPP-3", Stage = OpportunityStage.Propose }], owner);

        Assert.Contains(TextsOf(card), t => t.StartsWith("3 open deals: 1,000,000 EUR in 2 deals; 1,234,568 USD in 1 deal;", StringComparison.Ordinal));
        var charts = Charts(card);
        Assert.Equal(["Open value by stage and band (EUR)", "Open value by stage and band (USD)"], charts.Select(c => c["title"]!.GetValue<string>()));
        Assert.Equal(["Qualify", "1", "500,000"], QualifyRow(charts[0])[..3]);
        Assert.Equal(["Qualify", "1", "1,234,568"], QualifyRow(charts[1])[..3]);
        await AdaptiveCardValidator.AssertAllValidAsync([("pipeline in two currencies", card)]);
    }

    [Fact]
    public void A_pipeline_in_one_currency_has_one_chart_with_every_deal()
    {
        var owner = new PmoUser("u-owner", "Patti Fernandez", null, null, "Europe/London", new HashSet<Role> { Role.Pmo }, false, null);
        var eur = OpportunityHarness.Valid("OPP-1", owner) with { Stage = OpportunityStage.Qualify, Value = 500_000m };

        var card = Card([eur, eur with { Code = "OPP-2" }], owner);

        Assert.Contains(TextsOf(card), t => t.StartsWith("2 open deals: 1,000,000 EUR; what you may see", StringComparison.Ordinal));
        Assert.Equal(["Qualify", "2", "1,000,000"], QualifyRow(Assert.Single(Charts(card)))[..3]);
    }

    [Fact]
    public async Task A_close_on_the_sales_owner_s_today_is_taken_from_the_form_while_utc_is_already_on_the_next_day()
    {
        // 02:00 UTC on 1 Dec 2026 is still 30 Nov (18:00) in Los Angeles: a close on 30 Nov is today there, not past.
        var (h, patti, deal) = await LosAngelesDealAsync();
        var typed = OpportunityInput.From(deal);
        var data = new JsonObject();
        foreach (var (id, value) in ProjectsHarness.InputsOf(OpportunityCards.Form(typed)))
        {
            data[id] = value;
        }

        var reply = await new OpportunitySaveCardAction(h.Reader, h.Register, h.Reviews, h.Access)
            .HandleAsync(new CardActionRequest(patti, data, ConversationKind.Personal), None);

        Assert.Equal($"Added {typed.Code} {typed.Name}.", reply.Text);
        Assert.Equal(new DateOnly(2026, 11, 30), (await h.Register.GetAsync(typed.Code!, None))!.Opportunity.ExpectedClose);
    }

    [Fact]
    public async Task A_csv_row_closing_on_the_importer_s_today_is_imported_while_utc_is_already_on_the_next_day()
    {
        var (h, patti, deal) = await LosAngelesDealAsync();
        var typed = OpportunityInput.From(deal);
        var row = string.Join(",", new[] { typed.Code, typed.Account, typed.Name, typed.BusinessUnit, typed.Value, typed.Currency, typed.ContractType, typed.Stage, typed.ExpectedClose, typed.DeliveryStart, typed.DeliveryEnd, patti.Name, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty }.Select(f => $"\"{f}\""));
        using var csv = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join(",", OpportunityCsvImporter.Columns) + "\n" + row + "\n"));

        var report = await h.Importer.ImportAsync(csv, patti.Name, patti.TimeZone, None);

        Assert.Empty(report.Errors);
        Assert.Equal(new DateOnly(2026, 11, 30), (await h.Register.GetAsync(typed.Code!, None))!.Opportunity.ExpectedClose);
    }

    [Fact]
    public async Task The_pipeline_counts_days_to_close_from_the_reader_s_own_date()
    {
        var (h, patti, closing) = await LosAngelesDealAsync();
        var pmo = await h.Projects.PersonAsync("Alex", Role.Pmo) with { TimeZone = patti.TimeZone };
        var deal = closing with { LatestReview = new ReviewHeadline("r", OpportunityStage.Propose, 40, Band.NoGo, 1, h.Projects.People.Time.GetUtcNow()) };
        await h.Register.CreateAsync(deal, "t", None);
        var router = new CommandRouter([new PipelineCommands(h.Register, h.Access, Microsoft.Extensions.Options.Options.Create(new OpportunitiesOptions()), h.Projects.People.Time)]);

        var reply = await router.RouteAsync(pmo, "pipeline", ConversationKind.Personal, [], None);

        var line = Assert.Single(Teams.BotHarness.TextsOf(reply.Card), t => t.Contains(deal.Name, StringComparison.Ordinal) && t.Contains("closes", StringComparison.Ordinal));
        Assert.Contains("closes today", line, StringComparison.Ordinal);
    }

    /// <summary>Patti, a sales owner in Los Angeles, at 02:00 UTC on 1 Dec 2026 (18:00 on 30 Nov for her), and a deal of hers closing on 30 Nov.</summary>
    private static async Task<(OpportunityHarness H, PmoUser Patti, Opportunity Deal)> LosAngelesDealAsync()
    {
        var h = await OpportunityHarness.CreateAsync();
        h.Projects.People.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        var patti = await h.Projects.PersonAsync("Patti", Role.ProjectManager) with { TimeZone = "America/Los_Angeles" };
        await h.Projects.Register.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), patti, businessUnit: "Digital"), "t", None);
        var deal = OpportunityHarness.Valid("OPP-" + Random.Shared.Next(1000, 9999), patti) with
        {
            ExpectedClose = new DateOnly(2026, 11, 30),
            DeliveryStart = new DateOnly(2027, 1, 11),
            DeliveryEnd = new DateOnly(2027, 12, 1),
        };
        return (h, patti, deal);
    }

    private static async Task<(OpportunityHarness H, OpportunityInput Typed)> FormAsync()
    {
        var h = await OpportunityHarness.CreateAsync();
        var patti = await h.Projects.PersonAsync("Patti", Role.ProjectManager);
        await h.Projects.Register.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), patti, businessUnit: "Digital"), "t", None);
        var today = DateOnly.FromDateTime(h.Projects.People.Time.GetUtcNow().UtcDateTime);
        var valid = OpportunityHarness.Valid("OPP-" + Random.Shared.Next(1000, 9999), patti) with { ExpectedClose = today.AddDays(20), DeliveryStart = today.AddDays(40), DeliveryEnd = today.AddDays(300) };
        return (h, OpportunityInput.From(valid));
    }

    private static JsonObject Card(IReadOnlyList<Opportunity> open, PmoUser viewer)
    {
        var access = new OpportunityAccess(new PmoBot.Portfolio.PortfolioScope(Microsoft.Extensions.Options.Options.Create(new PmoBot.Portfolio.PortfolioOptions())));
        return PipelineCommands.PipelineCard(open, null, access.ViewOf(viewer), new DateOnly(2026, 1, 1), 14);
    }

    private static List<JsonObject> Charts(JsonObject card) =>
        [.. CardCharts.All(card).Where(e => e["type"]!.GetValue<string>() == "Chart.VerticalBar.Grouped")];

    private static string[] QualifyRow(JsonObject chart) =>
        CardCharts.NumbersOf(chart)["rows"]!.AsArray()
            .Select(r => r!["cells"]!.AsArray().Select(c => c!["items"]![0]!["text"]!.GetValue<string>()).ToArray())
            .Single(r => r[0] == "Qualify");

    private static IReadOnlyList<string> TextsOf(JsonObject card) =>
        [.. card["body"]!.AsArray().OfType<JsonObject>().Where(e => e["type"]!.GetValue<string>() == "TextBlock").Select(e => e["text"]!.GetValue<string>())];
}
