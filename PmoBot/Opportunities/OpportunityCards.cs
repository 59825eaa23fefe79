using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>The cards of the opportunity register: the form, the status card and the lists; the verbs and fields of their buttons.</summary>
public static class OpportunityCards
{
    public const string SaveVerb = "opportunity.save";
    public const string WonVerb = "opportunity.won";
    public const string CloseVerb = "opportunity.close";

    /// <summary>The card's refresh: the deal's card as it is now, for whoever views it.</summary>
    public const string ViewVerb = "opportunity.view";

    public const string CodeField = "code";
    public const string AccountField = "account";
    public const string NameField = "name";
    public const string BusinessUnitField = "businessUnit";
    public const string ValueField = "value";
    public const string CurrencyField = "currency";
    public const string ContractField = "contractType";
    public const string StageField = "stage";
    public const string CloseField = "expectedClose";
    public const string StartField = "deliveryStart";
    public const string EndField = "deliveryEnd";
    public const string SalesOwnerField = "salesOwner";
    public const string PmField = "proposedPm";
    public const string SponsorField = "sponsor";
    public const string ProblemField = "customerProblem";
    public const string ScopeField = "scope";
    public const string CommercialField = "commercial";
    public const string AssumptionsField = "assumptions";
    public const string LinksField = "links";
    public const string EditedCodeField = "editedCode";
    public const string ETagField = "etag";
    public const string OutcomeField = "outcome";
    public const string ReasonField = "reason";
    public const string ProjectCodeField = "projectCode";
    public const string MarkWonTitle = "Mark won";
    public const string CreateProjectTitle = "Create the project";

    public const int PerPage = 25;

    /// <summary>Open stages a form may choose; closing a deal has its own commands.</summary>
    /// <summary>The answer to a button whose card did not carry the opportunity's code (an edited or truncated card).</summary>
    public static readonly Reply ButtonWithoutCode =
        Reply.Message("That button did not say which opportunity it was for, so nothing was changed. Type **opportunities** to see the pipeline.");

    public static readonly IReadOnlyList<OpportunityStage> OpenStages = [OpportunityStage.Qualify, OpportunityStage.Propose, OpportunityStage.Negotiate];

    public static JsonObject Form(OpportunityInput values, string? etag = null, IReadOnlyList<string>? errors = null, string? notice = null)
    {
        var editing = etag is not null;
        var code = ProjectText.NormalizeCode(values.Code);
        var stages = OpenStages.ToList();
        if (EnumText.TryParse<OpportunityStage>(values.Stage, out var current) && !stages.Contains(current))
        {
            stages.Add(current);
        }

        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(editing ? $"Edit {code}" : "Add an opportunity"),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Warning"),
            errors is { Count: > 0 } ? AdaptiveCard.Text("Nothing was saved yet. Please fix:\n\n" + string.Join("\n", errors.Select(e => "- " + e)), color: "Attention") : null,
            editing ? null : AdaptiveCard.TextInput(CodeField, "Code", values.Code, OpportunityInputReader.CodeExample, required: true, errorMessage: "Give the opportunity a code."),
            AdaptiveCard.TextInput(AccountField, "Account (the customer)", values.Account, "e.g. Fabrikam", required: true, errorMessage: "Name the customer."),
            AdaptiveCard.TextInput(NameField, "Name", values.Name, "e.g. Claims portal rebuild", required: true, errorMessage: "Give the opportunity a name."),
            AdaptiveCard.TextInput(BusinessUnitField, "Business unit", values.BusinessUnit, "e.g. Digital", required: true, errorMessage: "Say which business unit."),
            AdaptiveCard.TextInput(ValueField, "Value", values.Value, "e.g. 850,000 or 1.2m", required: true, errorMessage: "Give the deal's value."),
            AdaptiveCard.TextInput(CurrencyField, "Currency", values.Currency ?? "EUR", "EUR", required: true, errorMessage: "Give the currency, e.g. EUR."),
            Choice(ContractField, "Contract type", Enum.GetValues<ContractType>().Select(t => (OpportunityText.Describe(t), t.ToString())), values.ContractType, ContractType.FixedPrice),
            Choice(StageField, "Stage", stages.Select(s => (EnumText.Describe(s), s.ToString())), values.Stage, OpportunityStage.Qualify),
            AdaptiveCard.DateInput(CloseField, "Expected close", Date(values.ExpectedClose), required: true, errorMessage: "Pick the expected close date."),
            AdaptiveCard.DateInput(StartField, "Planned delivery start", Date(values.DeliveryStart), required: true, errorMessage: "Pick the planned delivery start."),
            AdaptiveCard.DateInput(EndField, "Planned delivery end (optional)", Date(values.DeliveryEnd)),
            AdaptiveCard.TextInput(SalesOwnerField, "Sales owner (name, e-mail or Entra object id)", values.SalesOwner, "e.g. Patti Fernandez", required: true, errorMessage: "Say who owns the deal."),
            AdaptiveCard.TextInput(PmField, "Proposed PM (optional)", values.ProposedPm, "e.g. Megan Bowen"),
            AdaptiveCard.TextInput(SponsorField, "Sponsor once it is a project (optional)", values.Sponsor, "e.g. Isaiah Langer"),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(ProblemField, "The customer's problem, in their words (optional)", values.CustomerProblem)),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(ScopeField, "Scope and exclusions (optional)", values.Scope)),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(CommercialField, "Commercial terms and payment milestones (optional)", values.Commercial)),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(AssumptionsField, "Assumptions (optional)", values.Assumptions)),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(LinksField, "Links: proposal, contract, CRM record (optional)", values.Links)),
        };
        var data = editing ? new JsonObject { [EditedCodeField] = code, [ETagField] = etag } : null;
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute(editing ? "Save" : "Add", SaveVerb, data, style: "positive")]);
    }

    public static OpportunityInput Read(CardActionRequest request) => new(
        request.Field(EditedCodeField) ?? request.Field(CodeField),
        request.Field(AccountField),
        request.Field(NameField),
        request.Field(BusinessUnitField),
        request.Field(ValueField),
        request.Field(CurrencyField),
        request.Field(ContractField),
        request.Field(StageField),
        request.Field(CloseField),
        request.Field(StartField),
        request.Field(EndField),
        request.Field(SalesOwnerField),
        request.Field(PmField),
        request.Field(SponsorField),
        request.Field(ProblemField),
        request.Field(ScopeField),
        request.Field(CommercialField),
        request.Field(AssumptionsField),
        request.Field(LinksField));

    /// <summary>An opportunity's status card: its facts, the latest review, and what the viewer may do next.</summary>
    /// <param name="noticeColor">Good for what the viewer's action did; Warning when it did nothing because the card they pressed was out of date.</param>
    public static JsonObject Card(StoredOpportunity stored, PmoUser viewer, OpportunityReview? latest, string? notice = null, string noticeColor = "Good")
    {
        var o = stored.Opportunity;
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{o.Code} · {o.Name}"),
            notice is null ? null : AdaptiveCard.Text(notice, color: noticeColor),
            AdaptiveCard.Facts(
            [
                ("Account", o.Account),
                ("Business unit", o.BusinessUnit),
                ("Value", OpportunityText.Money(o)),
                ("Contract", OpportunityText.Describe(o.ContractType)),
                ("Stage", EnumText.Describe(o.Stage) + (o.StageReason is { } reason ? $": {reason}" : string.Empty)),
                ("Expected close", DateText.Display(o.ExpectedClose)),
                ("Delivery", $"from {DateText.Display(o.DeliveryStart)}{(o.DeliveryEnd is { } end ? $" to {DateText.Display(end)}" : string.Empty)}"),
                ("Sales owner", o.SalesOwner.Name),
                ("Proposed PM", o.ProposedPm?.Name ?? "not named yet"),
                ("Project", o.ProjectCode ?? (o.IsClosed && o.Stage != OpportunityStage.Won ? "none: the deal is closed" : "none yet")),
                ("Last changed", $"by {stored.LastChange.By}, {ProjectCards.When(stored.LastChange.At, viewer)}"),
            ]),
            AdaptiveCard.Subheading("Delivery-risk review"),
            latest is null
                ? AdaptiveCard.Text(o.IsClosed ? "Never reviewed." : $"Not reviewed yet: type **opportunity review {o.Code}**.", subtle: true)
                : AdaptiveCard.Text($"**{OpportunityText.Describe(latest.Band)}**, {OpportunityText.Score(latest.Score)}/100, at {EnumText.Describe(latest.Stage)} by {latest.ReviewedBy} on {ProjectCards.When(latest.At, viewer)} (questionnaire v{latest.TemplateVersion}){(latest.Stage == o.Stage || o.IsClosed ? "." : $". The deal has moved to {EnumText.Describe(o.Stage)} since: review it again.")}", color: OpportunityText.Color(latest.Band)),
            latest is { DealKillers.Count: > 0 } ? AdaptiveCard.Text(latest.Override is { } decision ? $"Deal-killer overridden by {decision.LeaderName}: {decision.Reason}" : $"{latest.DealKillers.Count} deal-killer{(latest.DealKillers.Count == 1 ? string.Empty : "s")} answered yes.", color: "Attention") : null,
        };
        var actions = new List<JsonNode?>();
        if (!o.IsClosed && OpportunityAccess.CanReview(viewer, o))
        {
            actions.Add(AdaptiveCard.SendMessage(latest is null ? "Review" : "Review again", $"opportunity review {o.Code}"));
        }

        if (latest is not null)
        {
            actions.Add(AdaptiveCard.SendMessage("Result and lessons", $"opportunity result {o.Code}"));
        }

        if (!o.IsClosed && OpportunityAccess.CanChange(viewer, o))
        {
            actions.Add(AdaptiveCard.SendMessage("Edit", $"opportunity edit {o.Code}"));
            actions.Add(MarkWon(o));
            actions.Add(AdaptiveCard.ShowCard("Lost or withdrawn", CloseForm(o.Code)));
        }
        else if (o.ProjectCode is { } project)
        {
            actions.Add(AdaptiveCard.SendMessage("The project", $"project {project}"));
        }

        return RefreshedWhileOpen(AdaptiveCard.Create(body, actions), o, viewer, OpportunityAccess.CanReview(viewer, o), ViewVerb, new JsonObject { [CodeField] = o.Code });
    }

    /// <summary>
    /// A card with buttons that go stale once the deal is won, lost or withdrawn (by the viewer elsewhere, or by someone
    /// else) refreshes when the viewer who may press them looks at it again, so Teams shows the deal as it is now. Only
    /// the viewer is listed (the card is their answer; anyone else has "Refresh card" in its menu); a closed deal's card
    /// has nothing left to go stale.
    /// </summary>
    public static JsonObject RefreshedWhileOpen(JsonObject card, Opportunity o, PmoUser viewer, bool viewerActs, string verb, JsonObject data) =>
        !o.IsClosed && viewerActs && viewer.TeamsUserId is { Length: > 0 } teamsId
            ? AdaptiveCard.WithRefresh(card, verb, data, [teamsId])
            : card;

    /// <summary>
    /// The answer to a button the deal has outgrown (Mark won, or Lost or withdrawn, on a deal closed since the card was
    /// shown): nothing is changed, and the pressed card is replaced by the current one, without those buttons, saying why.
    /// </summary>
    public static Reply Outdated(StoredOpportunity stored, PmoUser viewer, OpportunityReview? latest, string notice) =>
        Reply.WithCard(Card(stored, viewer, latest, notice, noticeColor: "Warning"), notice);

    /// <summary>" on 7 Dec 2026 14:30 by Alex Wilber", in the viewer's zone, for a deal whose closing is recorded (rows closed before it was are not).</summary>
    public static string ClosedWhen(StoredOpportunity stored, PmoUser viewer) =>
        stored.Closed is { } closed ? $" on {ProjectCards.When(closed.At, viewer)} by {closed.By}" : string.Empty;

    public static JsonObject List(IReadOnlyList<Opportunity> opportunities, string title, string command, int page, string emptyText)
    {
        var pages = Math.Max(1, (int)Math.Ceiling(opportunities.Count / (double)PerPage));
        page = Math.Clamp(page, 1, pages);
        var shown = opportunities.Skip((page - 1) * PerPage).Take(PerPage).ToList();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{title} ({opportunities.Count})"),
            pages > 1 ? AdaptiveCard.Text($"Page {page} of {pages}", subtle: true) : null,
            shown.Count == 0 ? AdaptiveCard.Text(emptyText, subtle: true) : AdaptiveCard.Facts(shown.Select(o => (o.Code, OpportunityText.Line(o)))),
            shown.Count == 0 ? null : AdaptiveCard.Text("Type **opportunity ‹code›** for an opportunity's card.", subtle: true),
        };
        return AdaptiveCard.Create(body, page < pages ? [AdaptiveCard.SendMessage("More", $"{command} page {page + 1}")] : null);
    }

    /// <summary>
    /// "Mark won" opens the project code to give the new project (empty: the deal's own code, as
    /// <c>opportunity won ‹code›</c> takes it), so the card reaches what <c>opportunity won ‹code› ‹project code›</c> does.
    /// </summary>
    public static JsonObject MarkWon(Opportunity o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var card = AdaptiveCard.Create(
            [AdaptiveCard.TextInput(ProjectCodeField, $"Project code (empty: {o.Code}, the deal's own)", placeholder: $"e.g. {ProjectText.CodeExample}")],
            [AdaptiveCard.Execute(CreateProjectTitle, WonVerb, new JsonObject { [CodeField] = o.Code }, style: "positive")]);
        return AdaptiveCard.ShowCard(MarkWonTitle, card);
    }

    private static JsonObject CloseForm(string code)
    {
        var card = AdaptiveCard.Create(
            [
                AdaptiveCard.ChoiceInput(OutcomeField, "What happened?", [("Lost", nameof(OpportunityStage.Lost)), ("Withdrawn (we or the customer stepped back)", nameof(OpportunityStage.Withdrawn))], nameof(OpportunityStage.Lost), required: true),
                AdaptiveCard.TextInput(ReasonField, "Why, in one line (it becomes a lesson candidate for the PMO)", placeholder: "e.g. Price 20% above the winner", required: true, errorMessage: "Say why, in one line."),
            ],
            [AdaptiveCard.Execute("Close the deal", CloseVerb, new JsonObject { [CodeField] = code })]);
        card.Remove("$schema");
        card.Remove("msteams");
        return card;
    }

    private static JsonObject Choice<TEnum>(string id, string label, IEnumerable<(string Title, string Value)> choices, string? value, TEnum fallback)
        where TEnum : struct, Enum =>
        AdaptiveCard.ChoiceInput(id, label, choices, (EnumText.TryParse<TEnum>(value, out var parsed) ? parsed : fallback).ToString(), required: true);

    private static string? Date(string? text) => ProjectText.TryParseDate(text, out var date) ? ProjectText.TypedDate(date) : null;

    /// <summary>Days as a reader says them: "today", "in 1 day", "in 12 days", "3 days ago".</summary>
    public static string Days(int days) => days switch
    {
        0 => "today",
        1 => "in 1 day",
        > 1 => string.Create(CultureInfo.InvariantCulture, $"in {days} days"),
        -1 => "1 day ago",
        _ => string.Create(CultureInfo.InvariantCulture, $"{-days} days ago"),
    };
}
