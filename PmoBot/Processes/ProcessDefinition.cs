using PmoBot.Projects;

namespace PmoBot.Processes;

/// <summary>Who answers for a process: the person the PMO named, by user key, and their name when named.</summary>
public sealed record ProcessOwner(string UserKey, string Name);

/// <summary>Who did something to a process, and when.</summary>
public sealed record ProcessStamp(string ByKey, string ByName, DateTimeOffset At);

/// <summary>
/// A process of the PMO's methodology (risk management, change control, ...): what it is, who owns it, where its
/// document lives, and which knowledge areas and project stages it applies to. Its versions are kept separately and
/// only ever added (<see cref="ProcessVersion"/>); <see cref="CurrentVersion"/> is the newest one published, 0 before
/// the first. <see cref="FormId"/> names the add form that created it, so that form's Save sent again is recognised.
/// </summary>
public sealed record ProcessDefinition(
    string Key,
    string Name,
    ProcessOwner Owner,
    string Summary,
    string DocumentUrl,
    IReadOnlyList<string> KnowledgeAreas,
    IReadOnlyList<ProjectStage> Stages,
    int CurrentVersion,
    ProcessStamp Created,
    ProcessStamp Updated,
    string? FormId = null)
{
    public bool AppliesTo(ProjectStage stage) => Stages.Count == 0 || Stages.Contains(stage);

    public bool Covers(string knowledgeArea) => KnowledgeAreas.Contains(knowledgeArea, StringComparer.OrdinalIgnoreCase);

    /// <summary>Same content, ignoring who changed it when: an edit that changes nothing is not saved.</summary>
    public bool HasSameContent(ProcessDefinition other) =>
        Name == other.Name
        && Owner == other.Owner
        && Summary == other.Summary
        && DocumentUrl == other.DocumentUrl
        && KnowledgeAreas.SequenceEqual(other.KnowledgeAreas)
        && Stages.SequenceEqual(other.Stages);
}

/// <summary>A process as stored: its ETag guards the next edit.</summary>
public sealed record StoredProcess(ProcessDefinition Process, string ETag);

/// <summary>
/// One published version of a process. Versions never change once published: a correction is a new version.
/// <see cref="NeedsAcknowledgement"/> starts a rollout (<see cref="Rollout"/>); <see cref="Compliance"/> holds the
/// yes/no/n.a. questions it added to the weekly review, published as review template <see cref="TemplateVersion"/>.
/// </summary>
public sealed record ProcessVersion(
    string ProcessKey,
    int Number,
    DateOnly EffectiveDate,
    string WhatChanged,
    bool NeedsAcknowledgement,
    ProcessStamp Published,
    RolloutPlan? Rollout = null,
    IReadOnlyList<ComplianceQuestion>? Compliance = null,
    int? TemplateVersion = null,
    string? FormId = null)
{
    public IReadOnlyList<ComplianceQuestion> ComplianceQuestions => Compliance ?? [];
}

/// <summary>A compliance question a process version asks in the weekly review: its id in the review template and its text.</summary>
public sealed record ComplianceQuestion(string Id, string Text);

/// <summary>Who must acknowledge a version, and by when; <see cref="Channels"/> are the conversation keys it was announced in.</summary>
public sealed record RolloutPlan(RolloutAudience Audience, DateOnly DueDate, IReadOnlyList<string> Channels);
