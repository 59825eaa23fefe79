using PmoBot.Projects;

namespace PmoBot.Opportunities;

/// <summary>An opportunity as typed: the fields of the card form or of one CSV row, not yet parsed.</summary>
public sealed record OpportunityInput(
    string? Code,
    string? Account,
    string? Name,
    string? BusinessUnit,
    string? Value,
    string? Currency,
    string? ContractType,
    string? Stage,
    string? ExpectedClose,
    string? DeliveryStart,
    string? DeliveryEnd,
    string? SalesOwner,
    string? ProposedPm,
    string? Sponsor,
    string? CustomerProblem,
    string? Scope,
    string? Commercial,
    string? Assumptions,
    string? Links)
{
    public static readonly OpportunityInput Blank = new(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public static OpportunityInput From(Opportunity o) => new(
        o.Code,
        o.Account,
        o.Name,
        o.BusinessUnit,
        Cards.MoneyText.Exact(o.Value),
        o.Currency,
        o.ContractType.ToString(),
        o.Stage.ToString(),
        ProjectText.FormatDate(o.ExpectedClose),
        ProjectText.FormatDate(o.DeliveryStart),
        o.DeliveryEnd is { } end ? ProjectText.FormatDate(end) : null,
        o.SalesOwner.Name,
        o.ProposedPm?.Name,
        o.Sponsor,
        o.Notes.CustomerProblem,
        o.Notes.Scope,
        o.Notes.Commercial,
        o.Notes.Assumptions,
        o.Notes.Links);
}

/// <summary>An opportunity read from input: the opportunity, or every reason it could not be read.</summary>
public sealed record OpportunityReading(Opportunity? Opportunity, IReadOnlyList<string> Errors);

/// <summary>
/// Turns typed fields into a valid <see cref="Opportunity"/>, for the card form and the CSV import alike: the same
/// parsing as projects (codes, ISO dates, amounts, choices), people resolved through the project reader's directory
/// look-up, then <see cref="OpportunityValidator"/>. Won, lost and withdrawn are reached through their own commands
/// (a won deal becomes a project, a lost one gives its reason), so typed input keeps a closed stage as it is.
/// </summary>
public sealed class OpportunityInputReader(ProjectInputReader people)
{
    public const string CodeExample = "OPP-101";

    public async Task<OpportunityReading> ReadAsync(OpportunityInput input, Opportunity? current, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var code = ProjectText.NormalizeCode(input.Code);
        if (code.Length == 0)
        {
            errors.Add($"The opportunity code is missing (like {CodeExample}).");
        }

        if (string.IsNullOrWhiteSpace(input.SalesOwner))
        {
            errors.Add("The sales owner is missing: give their name, e-mail or Entra object id.");
        }

        var known = current is null ? [] : new[] { current.SalesOwner, current.ProposedPm }.OfType<ProjectPerson>().ToList();
        var owner = await people.ResolveAsync(input.SalesOwner, "Sales owner", known, errors, cancellationToken);
        var pm = await people.ResolveAsync(input.ProposedPm, "Proposed PM", known, errors, cancellationToken);
        var contract = ProjectInputReader.Choice(input.ContractType, ContractType.FixedPrice, "contract type", errors);
        var stage = ProjectInputReader.Choice(input.Stage, current?.Stage ?? OpportunityStage.Qualify, "stage", errors);
        if (stage != current?.Stage && stage is OpportunityStage.Won or OpportunityStage.Lost or OpportunityStage.Withdrawn)
        {
            errors.Add($"The stage cannot be set to {ProjectText.Describe(stage).ToLowerInvariant()} here: type **opportunity {stage.ToString().ToLowerInvariant()} {(code.Length > 0 ? code : CodeExample)}**{(stage == OpportunityStage.Won ? " to hand the deal over to delivery" : " with a one-line reason")}.");
        }

        var close = ProjectInputReader.Date(input.ExpectedClose, "expected close", errors);
        var start = ProjectInputReader.Date(input.DeliveryStart, "planned delivery start", errors);
        DateOnly? end = null;
        if (!string.IsNullOrWhiteSpace(input.DeliveryEnd))
        {
            end = ProjectInputReader.Date(input.DeliveryEnd, "planned delivery end", errors);
        }

        decimal value = 0;
        if (string.IsNullOrWhiteSpace(input.Value))
        {
            errors.Add("The value is missing.");
        }
        else if (!ProjectText.TryParseAmount(input.Value, out value))
        {
            errors.Add($"The value \"{input.Value.Trim()}\" is not a number (like 850000 or 850,000.00).");
        }

        var currency = (input.Currency ?? string.Empty).Trim().ToUpperInvariant();
        if (errors.Count > 0 || owner is null)
        {
            return new OpportunityReading(null, errors);
        }

        var opportunity = new Opportunity(
            code,
            ProjectInputReader.Clean(input.Account),
            ProjectInputReader.Clean(input.Name),
            ProjectInputReader.Clean(input.BusinessUnit),
            value,
            currency.Length == 0 ? "EUR" : currency,
            contract,
            stage,
            close,
            start,
            end,
            owner,
            pm,
            string.IsNullOrWhiteSpace(input.Sponsor) ? null : ProjectInputReader.Clean(input.Sponsor),
            new HandoverNotes(Note(input.CustomerProblem), Note(input.Scope), Note(input.Commercial), Note(input.Assumptions), Note(input.Links)),
            current?.StageReason,
            current?.ProjectCode,
            current?.LatestReview);
        var invalid = OpportunityValidator.Validate(opportunity);
        return invalid.Count > 0 ? new OpportunityReading(null, invalid) : new OpportunityReading(opportunity, []);
    }

    private static string Note(string? text) => (text ?? string.Empty).Trim();
}
