namespace PmoBot.Warnings;

/// <summary>A filled-in warning form that passed every field rule; whether the caller may raise on the project is checked next.</summary>
public sealed record ManualWarningDraft(string FormId, string ProjectCode, WarningSeverity Severity, string Description);

/// <summary>The field rules of the "Raise early warning" form, with the message shown under each field that breaks one.</summary>
public static class ManualWarningFormValidator
{
    public static (ManualWarningDraft? Draft, IReadOnlyDictionary<string, string> Errors) Validate(ManualWarningFormValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var errors = new Dictionary<string, string>();
        if (values.ProjectCode is null)
        {
            errors[ManualWarningForm.ProjectField] = "Pick the project the warning is about.";
        }

        var severity = Severity(values.Severity);
        if (severity is null)
        {
            errors[ManualWarningForm.SeverityField] = values.Severity is null
                ? "Pick the severity: info, watch or critical."
                : $"'{values.Severity}' is not a severity: pick info, watch or critical.";
        }

        if (values.Description is null)
        {
            errors[ManualWarningForm.DescriptionField] = "Say what is wrong.";
        }
        else if (values.Description.Length > ManualWarningForm.DescriptionMaxLength)
        {
            errors[ManualWarningForm.DescriptionField] = $"Keep the description to {ManualWarningForm.DescriptionMaxLength} characters (it has {values.Description.Length}).";
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ManualWarningDraft(values.FormId!, values.ProjectCode!, severity!.Value, values.Description!), errors);
    }

    /// <summary>By name only: <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would also take "2".</summary>
    private static WarningSeverity? Severity(string? text) => text?.ToUpperInvariant() switch
    {
        "INFO" => WarningSeverity.Info,
        "WATCH" => WarningSeverity.Watch,
        "CRITICAL" => WarningSeverity.Critical,
        _ => null,
    };
}
