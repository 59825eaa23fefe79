using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;

namespace PmoBot.Processes;

/// <summary>The form that publishes a new version of a process, as typed.</summary>
public sealed record VersionInput(
    string? WhatChanged,
    string? EffectiveDate,
    string? NeedsAcknowledgement,
    string? AudienceKind = null,
    string? AudienceValue = null,
    string? DueDate = null,
    string? Channels = null,
    string? Compliance = null,
    string? FormId = null)
{
    /// <summary>How long PMs get to acknowledge unless the PMO says otherwise.</summary>
    public const int DefaultDaysToAcknowledge = 14;

    /// <summary>
    /// A fresh form: effective today, due in two weeks, the previous version's review questions kept, and an id of its
    /// own so a second press of its Publish is known for what it is.
    /// </summary>
    public static VersionInput Blank(DateOnly today, ProcessVersion? previous = null) =>
        new(
            null,
            Day(today),
            "false",
            RolloutAudience.Name(Processes.AudienceKind.AllProjectManagers),
            null,
            Day(today.AddDays(DefaultDaysToAcknowledge)),
            null,
            previous is null ? null : string.Join('\n', previous.ComplianceQuestions.Select(q => q.Text)),
            Guid.NewGuid().ToString("N"));

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A new version as the form describes it, checked, before it is stored; <see cref="Rollout"/> when PMs must acknowledge it.</summary>
public sealed record VersionDraft(string WhatChanged, DateOnly EffectiveDate, bool NeedsAcknowledgement, RolloutPlan? Rollout = null, IReadOnlyList<string>? Compliance = null)
{
    public IReadOnlyList<string> ComplianceTexts => Compliance ?? [];
}

/// <summary>A channel PmoBot is in, to announce a version in.</summary>
public sealed record AnnouncementChannel(string Key, string Name);

/// <summary>The publish form: what changed, from when, and whether PMs must acknowledge it; Publish is its own action.</summary>
public static class VersionForm
{
    public const string PublishVerb = "process.publish";

    public const string WhatChangedField = "versionWhatChanged";
    public const string EffectiveField = "versionEffective";
    public const string AcknowledgeField = "versionNeedsAck";
    public const string AudienceKindField = "versionAudience";
    public const string AudienceValueField = "versionAudienceValue";
    public const string DueField = "versionDue";
    public const string ChannelsField = "versionChannels";
    public const string ComplianceField = "versionCompliance";

    /// <summary>Carried by the Publish button: which form this is, kept on the version it published.</summary>
    public const string FormIdField = "versionFormId";

    /// <summary>Carried by the Publish button: the process, and the version the form was opened on (the new one follows it).</summary>
    public const string KeyField = "processKey";
    public const string BasedOnField = "basedOn";

    public const int MaxWhatChangedLength = 1_500;

    /// <summary>Channels offered for the announcement, most recently used first.</summary>
    public const int ChannelsOffered = 20;

    public static JsonObject Card(ProcessDefinition process, int basedOn, VersionInput values, IReadOnlyList<AnnouncementChannel> channels, IReadOnlyList<string>? errors = null, string? notice = null)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Publish {process.Name}, version {basedOn + 1}"),
            AdaptiveCard.Text("Versions are never changed once published: a correction is another version.", subtle: true),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Warning"),
            ProcessCards.Errors(errors),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(WhatChangedField, "What changed", values.WhatChanged, "e.g. Risks are now reviewed weekly, with an owner for each", required: true, errorMessage: "Say what changed.")),
            AdaptiveCard.DateInput(EffectiveField, "Effective from", values.EffectiveDate, required: true, errorMessage: "Give the date it takes effect."),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(
                ComplianceField,
                $"Questions for the weekly review, one per line: answered yes, no or n/a, asked for projects in {ProcessCards.Stages(process.Stages)} (empty: none)",
                values.Compliance,
                "e.g. Risk register reviewed this week?")),
            Toggle(AcknowledgeField, "People must acknowledge this version (a rollout with a personal card each)", values.NeedsAcknowledgement),
            AdaptiveCard.Subheading("If they must acknowledge it"),
            AdaptiveCard.ChoiceInput(
                AudienceKindField,
                "Who acknowledges",
                [
                    ("All project managers", RolloutAudience.Name(AudienceKind.AllProjectManagers)),
                    ("Everyone with a role", RolloutAudience.Name(AudienceKind.Role)),
                    ("The PMs of a business unit", RolloutAudience.Name(AudienceKind.BusinessUnit)),
                    ("Named people", RolloutAudience.Name(AudienceKind.People)),
                ],
                values.AudienceKind ?? RolloutAudience.Name(AudienceKind.AllProjectManagers)),
            AdaptiveCard.TextInput(AudienceValueField, "The role (pm, pmo, leader, admin), the business unit, or the people (names or e-mail addresses, separated by ;)", values.AudienceValue, "e.g. Digital, or Megan Bowen; adelev@contoso.com"),
            AdaptiveCard.DateInput(DueField, "Acknowledge by", values.DueDate),
            channels.Count == 0
                ? AdaptiveCard.Text("No channel to announce it in: mention PmoBot in a team's channel once, and it is offered here.", subtle: true)
                : ProcessCards.MultiChoice(ChannelsField, "Announce in these channels (optional)", channels.Select(c => (c.Name, c.Key)), values.Channels, "Choose the channels, or none."),
        };
        if (channels.Count > 0)
        {
            // Announcing is optional: the multi-select helper marks its choice set required, which this one is not.
            var choice = body.OfType<JsonObject>().Single(e => e["id"]?.GetValue<string>() == ChannelsField);
            choice.Remove("isRequired");
            choice.Remove("errorMessage");
        }

        var data = new JsonObject { [KeyField] = process.Key, [BasedOnField] = basedOn.ToString(CultureInfo.InvariantCulture) };
        if (values.FormId is { } formId)
        {
            data[FormIdField] = formId;
        }

        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Publish", PublishVerb, data, style: "positive")]);
    }

    public static VersionInput Read(CardActionRequest request) => new(
        request.Field(WhatChangedField),
        request.Field(EffectiveField),
        request.Field(AcknowledgeField),
        request.Field(AudienceKindField),
        request.Field(AudienceValueField),
        request.Field(DueField),
        request.Field(ChannelsField),
        request.Field(ComplianceField),
        request.Field(FormIdField));

    /// <summary>Checks the form; the draft, or what to fix. Who the audience is comes after, from <see cref="RolloutAudienceResolver"/>.</summary>
    public static (VersionDraft? Draft, IReadOnlyList<string> Errors) Validate(VersionInput input, DateOnly today, IReadOnlyList<AnnouncementChannel> channels)
    {
        var errors = new List<string>();
        var whatChanged = input.WhatChanged?.Trim();
        if (string.IsNullOrEmpty(whatChanged))
        {
            errors.Add("Say what changed in this version: the PMs read it before they acknowledge.");
        }
        else if (whatChanged.Length > MaxWhatChangedLength)
        {
            errors.Add($"\"What changed\" is {whatChanged.Length:N0} characters long; the most is {MaxWhatChangedLength:N0}. Put the detail in the document.");
        }

        if (!TryDay(input.EffectiveDate, out var effective))
        {
            errors.Add(OutOfRange(input.EffectiveDate, "effective date") ?? "Give the date the version takes effect (the date picker, or yyyy-MM-dd).");
        }

        var compliance = ComplianceQuestions.Read(input.Compliance, errors);
        var needsAcknowledgement = IsOn(input.NeedsAcknowledgement);
        RolloutPlan? plan = null;
        if (needsAcknowledgement)
        {
            plan = ValidateRollout(input, today, channels, errors);
        }

        return errors.Count > 0
            ? (null, errors)
            : (new VersionDraft(whatChanged!, effective, needsAcknowledgement, plan, compliance), []);
    }

    private static RolloutPlan? ValidateRollout(VersionInput input, DateOnly today, IReadOnlyList<AnnouncementChannel> channels, List<string> errors)
    {
        if (!RolloutAudience.TryParseKind(input.AudienceKind ?? RolloutAudience.Name(AudienceKind.AllProjectManagers), out var kind))
        {
            errors.Add("Choose who acknowledges: all project managers, everyone with a role, the PMs of a business unit, or named people.");
        }

        var value = string.IsNullOrWhiteSpace(input.AudienceValue) ? null : input.AudienceValue.Trim();
        if (kind != AudienceKind.AllProjectManagers && value is null)
        {
            errors.Add(kind switch
            {
                AudienceKind.Role => "Type the role that acknowledges: pm, pmo, leader or admin.",
                AudienceKind.BusinessUnit => "Type the business unit whose PMs acknowledge it.",
                _ => "Name the people who acknowledge it, separated by ; (names or e-mail addresses).",
            });
        }

        if (!TryDay(input.DueDate, out var due))
        {
            errors.Add(OutOfRange(input.DueDate, "acknowledge-by date") ?? "Give the date by which people must acknowledge it.");
        }
        else if (due < today)
        {
            errors.Add($"The acknowledge-by date {ProcessText.Date(due)} has passed: choose today or later.");
        }

        var chosen = ProcessStore.Split(input.Channels);
        var unknown = chosen.Where(c => !channels.Any(known => known.Key == c)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("One of the channels chosen is not one PmoBot is in any more: choose again.");
        }

        return new RolloutPlan(new RolloutAudience(kind, kind == AudienceKind.AllProjectManagers ? null : value), due, chosen);
    }

    public static bool IsOn(string? toggle) => string.Equals(toggle?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    internal static bool TryDay(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date.Year is >= 2000 and <= 2100;

    /// <summary>Why a real date <see cref="TryDay"/> refused was refused: "give the date" would tell someone who gave 9999-12-31 to do what they did.</summary>
    private static string? OutOfRange(string? text, string what) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.Year > 2100
                ? $"The {what} {ProcessText.Date(date)} is too far ahead; give a date up to 2100."
                : $"The {what} {ProcessText.Date(date)} is too far back; give a date from 2000 on."
            : null;

    internal static JsonObject Toggle(string id, string title, string? value) => new()
    {
        ["type"] = "Input.Toggle",
        ["id"] = id,
        ["title"] = title,
        ["value"] = IsOn(value) ? "true" : "false",
        ["valueOn"] = "true",
        ["valueOff"] = "false",
    };
}
