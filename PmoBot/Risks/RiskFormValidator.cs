using PmoBot.Reviews.Templates;

namespace PmoBot.Risks;

/// <summary>A filled-in risk form that passed every field rule; whether the caller may log on the project is checked next.</summary>
public sealed record RiskDraft(string FormId, string ProjectCode, string Description, RiskLevel Probability, RiskLevel Impact, string Owner);

/// <summary>The field rules of the "Log as risk" form, with the message shown under each field that breaks one.</summary>
public static class RiskFormValidator
{
    public static (RiskDraft? Draft, IReadOnlyDictionary<string, string> Errors) Validate(RiskFormValues values)
    {
        var errors = new Dictionary<string, string>();
        if (values.ProjectCode is null)
        {
            errors[RiskForm.ProjectField] = "Pick the project the risk belongs to.";
        }

        if (values.Description is null)
        {
            errors[RiskForm.DescriptionField] = "Describe the risk.";
        }
        else if (values.Description.Length > RiskForm.DescriptionMaxLength)
        {
            errors[RiskForm.DescriptionField] = $"Keep the description to {RiskForm.DescriptionMaxLength} characters (it has {values.Description.Length}).";
        }

        var probability = Level(values.Probability, RiskForm.ProbabilityField, "how likely it is", errors);
        var impact = Level(values.Impact, RiskForm.ImpactField, "how bad it would be", errors);

        if (values.Owner is null)
        {
            errors[RiskForm.OwnerField] = "Say who owns the risk.";
        }
        else if (values.Owner.Length > RiskForm.OwnerMaxLength)
        {
            errors[RiskForm.OwnerField] = $"Keep the owner to {RiskForm.OwnerMaxLength} characters.";
        }

        return errors.Count > 0
            ? (null, errors)
            : (new RiskDraft(values.FormId!, values.ProjectCode!, values.Description!, probability!.Value, impact!.Value, values.Owner!), errors);
    }

    private static RiskLevel? Level(string? text, string field, string what, Dictionary<string, string> errors)
    {
        RiskLevel? level = text?.ToUpperInvariant() switch
        {
            "LOW" => RiskLevel.Low,
            "MEDIUM" => RiskLevel.Medium,
            "HIGH" => RiskLevel.High,
            _ => null,
        };
        if (level is null)
        {
            errors[field] = text is null ? $"Pick {what}: low, medium or high." : $"'{text}' is not a level: pick low, medium or high.";
        }

        return level;
    }
}
