using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;

namespace PmoBot.Processes;

/// <summary>The form that publishes a new version of a process, as typed.</summary>
public sealed record VersionInput(string? WhatChanged, string? EffectiveDate, string? NeedsAcknowledgement)
{
    public static VersionInput Blank(DateOnly today) => new(null, Day(today), "false");

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A new version as the form describes it, checked, before it is stored.</summary>
public sealed record VersionDraft(string WhatChanged, DateOnly EffectiveDate, bool NeedsAcknowledgement);

/// <summary>The publish form: what changed, from when, and whether PMs must acknowledge it; Publish is its own action.</summary>
public static class VersionForm
{
    public const string PublishVerb = "process.publish";

    public const string WhatChangedField = "versionWhatChanged";
    public const string EffectiveField = "versionEffective";
    public const string AcknowledgeField = "versionNeedsAck";

    /// <summary>Carried by the Publish button: the process, and the version the form was opened on (the new one follows it).</summary>
    public const string KeyField = "processKey";
    public const string BasedOnField = "basedOn";

    public const int MaxWhatChangedLength = 1_500;

    public static JsonObject Card(ProcessDefinition process, int basedOn, VersionInput values, IReadOnlyList<string>? errors = null, string? notice = null)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Publish {process.Name}, version {basedOn + 1}"),
            AdaptiveCard.Text("Versions are never changed once published: a correction is another version.", subtle: true),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Warning"),
            ProcessCards.Errors(errors),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(WhatChangedField, "What changed", values.WhatChanged, "e.g. Risks are now reviewed weekly, with an owner for each", required: true, errorMessage: "Say what changed.")),
            AdaptiveCard.DateInput(EffectiveField, "Effective from", values.EffectiveDate, required: true, errorMessage: "Give the date it takes effect."),
            Toggle(AcknowledgeField, "Project managers must acknowledge this version", values.NeedsAcknowledgement),
        };
        var data = new JsonObject { [KeyField] = process.Key, [BasedOnField] = basedOn.ToString(CultureInfo.InvariantCulture) };
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Publish", PublishVerb, data, style: "positive")]);
    }

    public static VersionInput Read(CardActionRequest request) => new(
        request.Field(WhatChangedField),
        request.Field(EffectiveField),
        request.Field(AcknowledgeField));

    /// <summary>Checks the form; the draft, or what to fix.</summary>
    public static (VersionDraft? Draft, IReadOnlyList<string> Errors) Validate(VersionInput input)
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
            errors.Add("Give the date the version takes effect (the date picker, or yyyy-MM-dd).");
        }

        return errors.Count > 0
            ? (null, errors)
            : (new VersionDraft(whatChanged!, effective, IsOn(input.NeedsAcknowledgement)), []);
    }

    public static bool IsOn(string? toggle) => string.Equals(toggle?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    internal static bool TryDay(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date.Year is >= 2000 and <= 2100;

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
