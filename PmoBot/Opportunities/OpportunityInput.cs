using System.Globalization;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

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
        ProjectText.TypedDate(o.ExpectedClose),
        ProjectText.TypedDate(o.DeliveryStart),
        o.DeliveryEnd is { } end ? ProjectText.TypedDate(end) : null,
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
/// look-up, then <see cref="OpportunityValidator"/>, every problem reported at once. Amounts read as the review form
/// reads them ("1.2m"); the business unit is one of the register's; a new or moved expected close is not in the past.
/// Won, lost and withdrawn are reached through their own commands (a won deal becomes a project, a lost one gives its
/// reason), so typed input keeps a closed stage as it is.
/// </summary>
public sealed class OpportunityInputReader(ProjectInputReader people, ProjectRegister register, TimeProvider time)
{
    /// <summary>Business units named in the "not one of" answer; the rest are counted.</summary>
    public const int UnitsNamed = 12;

    public const string CodeExample = "OPP-101";

    /// <param name="timeZone">The zone of the person entering it: "in the past" is judged on their calendar (UTC's for none).</param>
    public async Task<OpportunityReading> ReadAsync(OpportunityInput input, Opportunity? current, string? timeZone, CancellationToken cancellationToken)
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
            errors.Add($"The stage cannot be set to {EnumText.Describe(stage).ToLowerInvariant()} here: type **opportunity {stage.ToString().ToLowerInvariant()} {(code.Length > 0 ? code : CodeExample)}**{(stage == OpportunityStage.Won ? " to hand the deal over to delivery" : " with a one-line reason")}.");
        }

        var close = NotTooFar(ProjectInputReader.Date(input.ExpectedClose, "expected close", errors), "expected close", errors);
        var closeRead = close != default;
        var today = UserTimeZones.DateAt(time.GetUtcNow(), timeZone);
        if (closeRead && close < today && close != current?.ExpectedClose)
        {
            errors.Add($"The expected close {DateText.Display(close)} is in the past (today is {DateText.Display(today)}): give the date the deal is now expected to close.");
        }

        var start = NotTooFar(ProjectInputReader.Date(input.DeliveryStart, "planned delivery start", errors), "planned delivery start", errors);
        var startRead = start != default;
        DateOnly? end = null;
        if (!string.IsNullOrWhiteSpace(input.DeliveryEnd))
        {
            end = NotTooFar(ProjectInputReader.Date(input.DeliveryEnd, "planned delivery end", errors), "planned delivery end", errors);
            end = end == default ? null : end;
        }

        decimal? value = null;
        string? typedCurrency = null;
        if (string.IsNullOrWhiteSpace(input.Value))
        {
            errors.Add("The value is missing.");
        }
        else if (AnswerParser.TryReadAmount(input.Value, CultureInfo.InvariantCulture, out var amount, out typedCurrency) is var problem && problem != AnswerParser.AmountProblem.None)
        {
            errors.Add(problem == AnswerParser.AmountProblem.Negative
                ? $"The value \"{input.Value.Trim()}\" is negative: give what the deal is worth, {AnswerParser.AmountExample(CultureInfo.InvariantCulture)}."
                : $"The value \"{input.Value.Trim()}\" is not an amount: type it {AnswerParser.AmountExample(CultureInfo.InvariantCulture)}.");
        }
        else
        {
            value = amount;
        }

        var unit = await BusinessUnitAsync(input.BusinessUnit, current, errors, cancellationToken);
        var currency = (input.Currency ?? string.Empty).Trim().ToUpperInvariant();
        if (value is not null && typedCurrency is not null && currency.Length > 0 && !CurrencyCodes.Means(typedCurrency, currency))
        {
            errors.Add($"The value \"{input.Value!.Trim()}\" is in another currency than the deal's currency, {currency}: type the amount in {currency} (or without a currency), or change the currency.");
        }

        // The rules of a whole opportunity are checked even when a field could not be read, so every problem is
        // marked at once: a field that failed stands in with a value its rules accept, and its own error is the one shown.
        var opportunity = new Opportunity(
            code.Length == 0 ? CodeExample : code,
            ProjectInputReader.Clean(input.Account),
            ProjectInputReader.Clean(input.Name),
            unit,
            value ?? 1m,
            currency.Length == 0 ? "EUR" : currency,
            contract,
            stage,
            closeRead ? close : startRead ? start : today,
            startRead ? start : closeRead ? close : today,
            end,
            owner ?? new ProjectPerson(string.Empty, string.Empty),
            pm,
            string.IsNullOrWhiteSpace(input.Sponsor) ? null : ProjectInputReader.Clean(input.Sponsor),
            new HandoverNotes(Note(input.CustomerProblem), Note(input.Scope), Note(input.Commercial), Note(input.Assumptions), Note(input.Links)),
            current?.StageReason,
            current?.ProjectCode,
            current?.LatestReview);
        errors.AddRange(OpportunityValidator.Validate(opportunity).Where(e => !errors.Contains(e)));
        return errors.Count > 0 || owner is null ? new OpportunityReading(null, errors) : new OpportunityReading(opportunity, []);
    }

    /// <summary>
    /// The business unit as the register spells it, so a typo ("Digitl") is refused as <c>blockers</c> and
    /// <c>portfolio</c> refuse it. A deal keeps the unit it has; with no project registered yet any unit is taken.
    /// </summary>
    private async Task<string> BusinessUnitAsync(string? typed, Opportunity? current, List<string> errors, CancellationToken cancellationToken)
    {
        var unit = ProjectInputReader.Clean(typed);
        if (unit.Length == 0 || string.Equals(unit, current?.BusinessUnit, StringComparison.OrdinalIgnoreCase))
        {
            return current is not null && unit.Length > 0 ? current.BusinessUnit : unit;
        }

        var known = (await register.ListAsync(cancellationToken)).Select(p => p.BusinessUnit.Trim()).Where(u => u.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var match = known.FirstOrDefault(u => string.Equals(u, unit, StringComparison.OrdinalIgnoreCase));
        if (match is not null || known.Count == 0)
        {
            return match ?? unit;
        }

        var named = known.Count <= UnitsNamed ? string.Join(", ", known) : $"{string.Join(", ", known.Take(UnitsNamed))} and {known.Count - UnitsNamed:N0} more";
        errors.Add($"The business unit \"{unit}\" is not one the project register knows: {named}.");
        return unit;
    }

    private static string Note(string? text) => (text ?? string.Empty).Trim();

    /// <summary>A year such as 9999 is a slip, and the handover adds months to the delivery start past the last date there is.</summary>
    private static DateOnly NotTooFar(DateOnly date, string what, List<string> errors)
    {
        if (date.Year <= DateText.MaxYear)
        {
            return date;
        }

        errors.Add($"The {what} date {DateText.Display(date)} is too far ahead; give a date up to {DateText.MaxYear}.");
        return default;
    }
}
