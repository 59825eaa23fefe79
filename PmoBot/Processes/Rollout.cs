namespace PmoBot.Processes;

/// <summary>
/// A version being rolled out: what the personal cards say (so sending them needs no other read), who it goes to, the
/// due date, and how far the rollout's rounds have got. <see cref="ManualRounds"/> counts the reminders the PMO asked
/// for with <c>rollout remind</c>; <see cref="ManualRoundsSent"/> those sent so far.
/// </summary>
public sealed record Rollout(
    string ProcessKey,
    string ProcessName,
    int Version,
    string DocumentUrl,
    string WhatChanged,
    DateOnly EffectiveDate,
    RolloutAudience Audience,
    DateOnly DueDate,
    IReadOnlyList<string> Channels,
    int People,
    ProcessStamp Started,
    DateTimeOffset? FannedOutAt = null,
    DateTimeOffset? RemindedAt = null,
    DateTimeOffset? OverdueNoticesAt = null,
    int ManualRounds = 0,
    int ManualRoundsSent = 0,
    DateTimeOffset? LastManualRoundAt = null,
    DateTimeOffset? ClosedAt = null,
    string? CloseReason = null)
{
    /// <summary>The end of the due date, in UTC: acknowledging on the due date itself is on time wherever one is.</summary>
    public DateTimeOffset DueAt => new(DueDate.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public bool IsOpen => ClosedAt is null;

    public string Title => $"{ProcessName}, version {Version}";
}

public enum AcknowledgementState
{
    /// <summary>Sent, not known to be read.</summary>
    Pending,

    /// <summary>Teams reported the personal card read (a read receipt); not agreed to.</summary>
    Seen,

    /// <summary>The person pressed "I have read and understood".</summary>
    Acknowledged,

    /// <summary>Not acknowledged, and the due date has passed (derived when read, never stored).</summary>
    Overdue,
}

/// <summary>One person of a rollout and where they stand. <see cref="SentActivityId"/> is the personal card's message id, once known.</summary>
public sealed record Acknowledgement(
    string UserKey,
    string Name,
    IReadOnlyList<string> BusinessUnits,
    AcknowledgementState State,
    DateTimeOffset? SeenAt = null,
    DateTimeOffset? AcknowledgedAt = null,
    string? SentActivityId = null)
{
    public bool IsAcknowledged => State == AcknowledgementState.Acknowledged;

    /// <summary>The one business unit the rates per unit count the person in: the first of theirs (where most of their projects are).</summary>
    public string CountedBusinessUnit => BusinessUnits.Count == 0 ? RolloutCsv.NoBusinessUnit : BusinessUnits[0];

    /// <summary>The state as of <paramref name="now"/>: not acknowledged after the due date is overdue.</summary>
    public AcknowledgementState StateAt(Rollout rollout, DateTimeOffset now) =>
        !IsAcknowledged && now >= rollout.DueAt ? AcknowledgementState.Overdue : State;

    /// <summary>
    /// A read receipt: Teams says the person read their chat up to <paramref name="lastReadMessageId"/>. Personal chat
    /// message ids are timestamps that grow with each message, so the card is read when its id is not greater. Only a
    /// pending card becomes seen: a receipt never undoes an acknowledgement, nor moves the first time it was seen.
    /// </summary>
    public Acknowledgement? Read(string sentActivityId, string lastReadMessageId, DateTimeOffset at) =>
        State == AcknowledgementState.Pending && IsRead(sentActivityId, lastReadMessageId)
            ? this with { State = AcknowledgementState.Seen, SeenAt = at, SentActivityId = sentActivityId }
            : null;

    /// <summary>The button: acknowledged now, seen at the latest now; pressing it again changes nothing.</summary>
    public Acknowledgement? Acknowledge(DateTimeOffset at) =>
        IsAcknowledged ? null : this with { State = AcknowledgementState.Acknowledged, AcknowledgedAt = at, SeenAt = SeenAt ?? at };

    public static bool IsRead(string sentActivityId, string lastReadMessageId) =>
        long.TryParse(sentActivityId, out var sent) && long.TryParse(lastReadMessageId, out var lastRead) && sent <= lastRead;
}
