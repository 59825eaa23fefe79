using PmoBot.Commands;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>The rules every opportunity satisfies, whichever way it arrived (card, CSV, demo).</summary>
public static class OpportunityValidator
{
    public const int MaxNoteLength = 2_000;

    public static IReadOnlyList<string> Validate(Opportunity opportunity)
    {
        ArgumentNullException.ThrowIfNull(opportunity);
        var errors = new List<string>();
        if (!ProjectText.IsCode(opportunity.Code))
        {
            errors.Add($"\"{opportunity.Code}\" is not an opportunity code: letters and digits, a dash and a number, like {OpportunityInputReader.CodeExample}.");
        }

        Require(errors, opportunity.Account, "account");
        Require(errors, opportunity.Name, "name");
        Require(errors, opportunity.BusinessUnit, "business unit");
        if (opportunity.Value <= 0)
        {
            errors.Add($"The value must be more than zero ({Cards.MoneyText.Exact(opportunity.Value)} {opportunity.Currency}).");
        }

        if (opportunity.Currency.Length != 3 || !opportunity.Currency.All(char.IsAsciiLetterUpper))
        {
            errors.Add($"\"{opportunity.Currency}\" is not a currency code: use three letters such as EUR, USD or GBP.");
        }
        else if (!CurrencyCodes.IsIso(opportunity.Currency))
        {
            errors.Add($"\"{opportunity.Currency}\" is not an ISO 4217 currency code: use one such as EUR, USD or GBP.");
        }

        if (opportunity.DeliveryStart < opportunity.ExpectedClose)
        {
            errors.Add($"The planned delivery start ({DateText.Display(opportunity.DeliveryStart)}) is before the expected close ({DateText.Display(opportunity.ExpectedClose)}): delivery starts once the deal is signed.");
        }

        if (opportunity.DeliveryEnd is { } end && end <= opportunity.DeliveryStart)
        {
            errors.Add($"The planned delivery end ({DateText.Display(end)}) must come after the delivery start ({DateText.Display(opportunity.DeliveryStart)}).");
        }

        if (opportunity.ProposedPm is { } pm && string.Equals(pm.UserKey, opportunity.SalesOwner.UserKey, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{pm.Name} cannot be both the sales owner and the proposed PM: delivery needs its own lead.");
        }

        var notes = opportunity.Notes;
        foreach (var (text, what) in new[] { (notes.CustomerProblem, "customer's problem"), (notes.Scope, "scope"), (notes.Commercial, "commercial terms"), (notes.Assumptions, "assumptions"), (notes.Links, "links") })
        {
            if (text.Length > MaxNoteLength)
            {
                errors.Add($"The {what} is {text.Length:N0} characters long; at most {MaxNoteLength:N0}.");
            }
        }

        return errors;
    }

    private static void Require(List<string> errors, string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"The {what} is missing.");
        }
        else if (value.Length > ProjectValidator.MaxNameLength)
        {
            errors.Add($"The {what} is {value.Length} characters long; at most {ProjectValidator.MaxNameLength}.");
        }
    }
}
