namespace PmoBot.Development.Training;

public enum ProgrammeLevel
{
    Foundation,
    Practitioner,
    Advanced,
}

public enum ProgrammeFormat
{
    Classroom,
    Online,
    Blended,
    SelfPaced,
}

/// <summary>A programme of the PMO's training catalogue, by knowledge area (the PMBOK areas, agile, leadership).</summary>
public sealed record Programme(
    string Id,
    string Title,
    string KnowledgeArea,
    ProgrammeLevel Level,
    ProgrammeFormat Format,
    decimal DurationHours,
    string? Provider,
    Uri? Link,
    PduSplit Pdus);

public enum PlanStatus
{
    Planned,
    InProgress,
    Done,
    Dropped,
}

/// <summary>One programme in a PM's development plan: when it is due and how far they are.</summary>
public sealed record PlanItem(
    string UserKey,
    string PersonName,
    string ProgrammeId,
    DateOnly DueOn,
    PlanStatus Status,
    DateTimeOffset UpdatedAt)
{
    public bool IsOpen => Status is PlanStatus.Planned or PlanStatus.InProgress;

    public bool IsBehind(DateOnly today) => IsOpen && DueOn < today;
}

public static class TrainingText
{
    public static string Describe(PlanStatus status) => status switch
    {
        PlanStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public static string Describe(ProgrammeFormat format) => format == ProgrammeFormat.SelfPaced ? "Self-paced" : format.ToString();

    /// <summary>Programme ids are the PMO's own codes: letters, digits and dashes, upper case (<c>TR-RISK-1</c>).</summary>
    public static string NormalizeId(string? text) => (text ?? string.Empty).Trim().ToUpperInvariant();

    public static bool IsId(string id) => id.Length is > 0 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
