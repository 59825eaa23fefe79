using System.Text.RegularExpressions;
using PmoBot.Commands;
using PmoBot.Reviews.Templates;

namespace PmoBot.Projects;

/// <summary>The rules every project in the register satisfies, whichever way it arrived (card, CSV, demo).</summary>
public static partial class ProjectValidator
{
    public const int MaxNameLength = 120;
    public const int MaxMilestones = 40;
    public const int MaxBaselinePoints = 120;

    /// <param name="budgetMayBeUnset">
    /// True for a project made from a won deal: the contract value is revenue, not the budget, so the budget is left at
    /// zero (not set) for the PMO or the PM to set with <c>project edit</c>, which requires it.
    /// </param>
    public static IReadOnlyList<string> Validate(Project project, bool budgetMayBeUnset = false)
    {
        var errors = new List<string>();
        var money = (decimal amount) => $"{Cards.MoneyText.Exact(amount)} {project.Currency}";

        if (!ProjectText.IsCode(project.Code))
        {
            errors.Add($"\"{project.Code}\" is not a project code: letters and digits, a dash and a number, like {ProjectText.CodeExample}.");
        }

        Require(errors, project.Name, "name");
        Require(errors, project.BusinessUnit, "business unit");
        Require(errors, project.Sponsor, "sponsor");
        if (project.Deputy is not null && string.Equals(project.Deputy.UserKey, project.Manager.UserKey, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{project.Manager.Name} cannot be both the PM and the deputy PM.");
        }

        if (project.PlannedEnd < project.Start)
        {
            errors.Add($"The planned end ({DateText.Display(project.PlannedEnd)}) is before the start ({DateText.Display(project.Start)}).");
        }
        else if (project.PlannedEnd == project.Start)
        {
            errors.Add($"The planned end is the start date ({DateText.Display(project.Start)}); it must come after it.");
        }

        if (project.BudgetAtCompletion < 0)
        {
            errors.Add($"The budget at completion cannot be negative ({money(project.BudgetAtCompletion)}).");
        }
        else if (project.BudgetAtCompletion == 0 && !budgetMayBeUnset)
        {
            errors.Add("The budget at completion must be more than zero: cost and schedule performance are measured against it.");
        }

        if (!CurrencyPattern().IsMatch(project.Currency))
        {
            errors.Add($"\"{project.Currency}\" is not a currency code: use three letters such as EUR, USD or GBP.");
        }

        ValidateBaseline(project, errors, money);
        ValidateMilestones(project, errors);
        return errors;
    }

    private static void ValidateBaseline(Project project, List<string> errors, Func<decimal, string> money)
    {
        if (project.Baseline.Count > MaxBaselinePoints)
        {
            errors.Add($"The baseline has {project.Baseline.Count} points; at most {MaxBaselinePoints} (ten years of months) fit.");
        }

        BaselinePoint? previous = null;
        foreach (var point in project.Baseline)
        {
            var date = DateText.Display(point.Date);
            if (point.CumulativePlannedValue < 0)
            {
                errors.Add($"The baseline's planned value on {date} is negative ({money(point.CumulativePlannedValue)}).");
            }

            if (previous is not null && point.Date <= previous.Date)
            {
                errors.Add($"The baseline's dates must increase: {date} comes after {DateText.Display(previous.Date)}.");
            }
            else if (previous is not null && point.CumulativePlannedValue < previous.CumulativePlannedValue)
            {
                errors.Add($"The baseline is cumulative, so it cannot go down: {money(point.CumulativePlannedValue)} on {date} is less than {money(previous.CumulativePlannedValue)} on {DateText.Display(previous.Date)}.");
            }

            if (point.Date < project.Start || point.Date > project.PlannedEnd)
            {
                errors.Add($"The baseline point {date} is outside the project ({DateText.Display(project.Start)} to {DateText.Display(project.PlannedEnd)}).");
            }

            previous = point;
        }

        if (project.BudgetAtCompletion > 0 && project.Baseline.Count > 0)
        {
            var highest = project.Baseline.MaxBy(p => p.CumulativePlannedValue)!;
            if (highest.CumulativePlannedValue > project.BudgetAtCompletion)
            {
                errors.Add($"The baseline reaches {money(highest.CumulativePlannedValue)} on {DateText.Display(highest.Date)}, beyond the budget at completion ({money(project.BudgetAtCompletion)}).");
            }
        }
    }

    private static void ValidateMilestones(Project project, List<string> errors)
    {
        if (project.Milestones.Count > MaxMilestones)
        {
            errors.Add($"The project has {project.Milestones.Count} milestones; at most {MaxMilestones} fit on its card.");
        }

        foreach (var milestone in project.Milestones)
        {
            if (string.IsNullOrWhiteSpace(milestone.Name))
            {
                errors.Add($"The milestone due {DateText.Display(milestone.BaselineDate)} has no name.");
                continue;
            }

            if (milestone.BaselineDate < project.Start || milestone.BaselineDate > project.PlannedEnd)
            {
                errors.Add($"Milestone \"{milestone.Name}\" is due {DateText.Display(milestone.BaselineDate)}, outside the project ({DateText.Display(project.Start)} to {DateText.Display(project.PlannedEnd)}).");
            }

            if (milestone.ForecastDate < project.Start)
            {
                errors.Add($"Milestone \"{milestone.Name}\" is forecast for {DateText.Display(milestone.ForecastDate)}, before the project starts.");
            }
        }

        foreach (var name in project.Milestones.GroupBy(m => m.Name.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Key.Length > 0 && g.Count() > 1).Select(g => g.Key))
        {
            errors.Add($"Milestone \"{name}\" appears more than once; give each milestone its own name.");
        }
    }

    private static void Require(List<string> errors, string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"The {what} is missing.");
        }
        else if (value.Length > MaxNameLength)
        {
            errors.Add($"The {what} is {value.Length} characters long; at most {MaxNameLength}.");
        }
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
