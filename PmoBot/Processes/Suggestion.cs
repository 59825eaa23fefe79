using PmoBot.Conversations;

namespace PmoBot.Processes;

public enum SuggestionState
{
    New,
    Accepted,
    Rejected,
    Merged,
    Done,
}

/// <summary>Where a suggestion came from: typed in chat, a message's "Suggest process improvement", or a lesson learned.</summary>
public enum SuggestionSource
{
    Chat,
    Message,
    Lesson,
}

/// <summary>One thing done to a suggestion: when, by whom, what.</summary>
public sealed record SuggestionActivity(DateTimeOffset At, string ByName, string What);

/// <summary>A posted copy of the PMO's triage card (where it went, and its outbox key), so every copy is updated in place.</summary>
public sealed record SuggestionCardCopy(ConversationKind Kind, string TargetKey, string DeliveryKey);

/// <summary>
/// An improvement suggested for a process, and its triage by the PMO: accepted, rejected with a reason, merged into
/// another suggestion, or done in a version of the process. The suggester is told at each step.
/// </summary>
public sealed record Suggestion(
    string Id,
    string ProcessKey,
    string ProcessName,
    string Text,
    SuggestionSource Source,
    string? SourceLink,
    string SuggestedByKey,
    string SuggestedByName,
    DateTimeOffset SuggestedAt,
    SuggestionState State = SuggestionState.New,
    string? Reason = null,
    string? MergedInto = null,
    int? DoneInVersion = null,
    IReadOnlyList<SuggestionActivity>? Activity = null,
    IReadOnlyList<SuggestionCardCopy>? Copies = null,
    int CardVersion = 1,
    string? SourceKey = null)
{
    public IReadOnlyList<SuggestionActivity> Log => Activity ?? [];

    public IReadOnlyList<SuggestionCardCopy> CardCopies => Copies ?? [];

    /// <summary>Rejected, merged and done suggestions are settled: nothing more is done to them.</summary>
    public bool IsSettled => State is SuggestionState.Rejected or SuggestionState.Merged or SuggestionState.Done;

    /// <summary>A new id: short enough to read out and type (<c>PS-3F9A1C</c>).</summary>
    public static string NewId() => "PS-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    /// <summary>The id of the suggestion from <paramref name="sourceKey"/>: the same source always names the same suggestion.</summary>
    public static string IdFor(string sourceKey) =>
        "PS-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sourceKey)))[..6];

    /// <summary>What makes a message action's suggestion the same one when its submit comes again: the message, the person and the process.</summary>
    public static string MessageSourceKey(string messageId, string? link, string userKey, string processKey) => $"message|{messageId}|{link}|{userKey}|{processKey}";

    public Suggestion Logged(DateTimeOffset at, string byName, string what) =>
        this with { Activity = [.. Log, new SuggestionActivity(at, byName, what)], CardVersion = CardVersion + 1 };
}
