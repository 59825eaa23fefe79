using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Processes;

/// <summary>The library's cards: the list, one process with its history, and the add/edit form with its Save button.</summary>
public static class ProcessCards
{
    public const string SaveVerb = "process.save";

    public const string NameField = "processName";
    public const string OwnerField = "processOwner";
    public const string SummaryField = "processSummary";
    public const string DocumentField = "processDocument";
    public const string AreasField = "processAreas";
    public const string StagesField = "processStages";

    /// <summary>Carried by the Save button of the edit form: the process edited and the version of it the form was filled from.</summary>
    public const string KeyField = "processKey";
    public const string ETagField = "etag";
    public const string FormIdField = "processFormId";

    /// <summary>Versions listed on the process card, newest first; older ones are in storage for good.</summary>
    public const int VersionsShown = 8;

    public static JsonObject List(IReadOnlyList<ProcessDefinition> processes, PmoUser viewer)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Process library ({processes.Count})"),
            processes.Count == 0
                ? AdaptiveCard.Text(viewer.HasAny(Roles.PmoOrAdmin) ? "No processes yet: add the first with **process add**." : "The PMO has not published any process yet.", subtle: true)
                : AdaptiveCard.Text("Type **process** and a name for one process, its current version and history.", subtle: true),
        };
        if (processes.Count > 0)
        {
            body.Add(AdaptiveCard.Facts(processes.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => (p.Name, Line(p)))));
        }

        var actions = new List<JsonNode?>();
        actions.AddRange(processes.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Take(4).Select(p => AdaptiveCard.SendMessage(p.Name, $"{ProcessCommands.ShowCommand} {p.Key}")));
        if (viewer.HasAny(Roles.PmoOrAdmin))
        {
            actions.Add(AdaptiveCard.SendMessage("Add a process", ProcessCommands.AddCommand));
        }

        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>One process: what it is, its current version, what changed and its history.</summary>
    public static JsonObject Process(ProcessDefinition process, IReadOnlyList<ProcessVersion> versions, PmoUser viewer, string? notice = null)
    {
        var current = versions.Count > 0 ? versions[0] : null;
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(current is null ? process.Name : $"{process.Name}, version {current.Number}"),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Good"),
            AdaptiveCard.Text(process.Summary),
            AdaptiveCard.Facts(
            [
                ("Owner", process.Owner.Name),
                ("Current version", current is null ? "none published yet" : $"{current.Number}, effective {ProcessText.Date(current.EffectiveDate)}"),
                ("Knowledge areas", KnowledgeAreas.Describe(process.KnowledgeAreas)),
                ("Applies in", Stages(process.Stages)),
                ("Document", $"[{process.Name}]({process.DocumentUrl})"),
            ]),
        };
        if (current is not null)
        {
            body.Add(AdaptiveCard.Subheading($"What changed in version {current.Number}"));
            body.Add(AdaptiveCard.Text(current.WhatChanged));
            if (current.ComplianceQuestions.Count > 0)
            {
                body.Add(AdaptiveCard.Subheading("Asked in the weekly review"));
                body.Add(AdaptiveCard.Text(string.Join("\n", current.ComplianceQuestions.Select(q => "- " + q.Text))));
            }

            body.Add(AdaptiveCard.Subheading("History"));
            body.Add(AdaptiveCard.Facts(versions.Take(VersionsShown).Select(v => ($"Version {v.Number}", History(v, viewer)))));
            if (versions.Count > VersionsShown)
            {
                body.Add(AdaptiveCard.Text($"{versions.Count - VersionsShown} older versions are kept.", subtle: true));
            }
        }

        var actions = new List<JsonNode?> { OpenUrl("Open the document", process.DocumentUrl) };
        if (viewer.HasAny(Roles.PmoOrAdmin))
        {
            actions.Add(AdaptiveCard.SendMessage(current is null ? "Publish version 1" : "Publish a new version", $"{ProcessCommands.PublishCommand} {process.Key}"));
            actions.Add(AdaptiveCard.SendMessage("Edit", $"{ProcessCommands.EditCommand} {process.Key}"));
        }

        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>The add form (no <paramref name="etag"/>) or the edit form of the version with <paramref name="etag"/>.</summary>
    public static JsonObject Form(ProcessInput values, string? key = null, string? etag = null, IReadOnlyList<string>? errors = null, string? notice = null)
    {
        var editing = key is not null && etag is not null;
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(editing ? $"Edit {values.Name}" : "Add a process"),
            AdaptiveCard.Text(editing ? "Changes here describe the process; what the PMs follow changes with a new version." : "Describe the process; publish its first version from the process card.", subtle: true),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Warning"),
            Errors(errors),
            AdaptiveCard.TextInput(NameField, "Name", values.Name, "e.g. Risk management", required: true, errorMessage: "Give the process a name."),
            AdaptiveCard.TextInput(OwnerField, "Owner (name, e-mail or Entra object id)", values.Owner, "e.g. Patti Fernandez", required: true, errorMessage: "Name the process owner."),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(SummaryField, "Summary", values.Summary, "What the process is for, in a sentence or two", required: true, errorMessage: "Say what the process is for.")),
            AdaptiveCard.TextInput(DocumentField, "Document link (SharePoint or any web address)", values.DocumentUrl, "https://contoso.sharepoint.com/sites/pmo/risk-management.docx", required: true, errorMessage: "Give the document's link."),
            MultiChoice(AreasField, "Knowledge areas it covers", KnowledgeAreas.All.Select(k => (k.Title, k.Id)), values.KnowledgeAreas, "Choose at least one knowledge area."),
            MultiChoice(StagesField, "Project stages it applies to", Enum.GetValues<ProjectStage>().Select(s => (s.ToString(), s.ToString())), values.Stages, "Choose at least one stage."),
        };
        var data = editing ? new JsonObject { [KeyField] = key, [ETagField] = etag } : new JsonObject { [FormIdField] = values.FormId ?? Guid.NewGuid().ToString("N") };
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Save", SaveVerb, data, style: "positive")]);
    }

    public static ProcessInput Read(CardActionRequest request) => new(
        request.Field(NameField),
        request.Field(OwnerField),
        request.Field(SummaryField),
        request.Field(DocumentField),
        request.Field(AreasField),
        request.Field(StagesField),
        request.Field(FormIdField));

    public static string Stages(IReadOnlyList<ProjectStage> stages) =>
        stages.Count == 0 || stages.Count == Enum.GetValues<ProjectStage>().Length ? "every stage" : string.Join(", ", stages);

    public static JsonObject OpenUrl(string title, string url) => new() { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url };

    public static JsonObject? Errors(IReadOnlyList<string>? errors) =>
        errors is { Count: > 0 } ? AdaptiveCard.Text("Nothing was saved yet. Please fix:\n\n" + string.Join("\n", errors.Select(e => "- " + e)), color: "Attention") : null;

    /// <summary>A choice set that takes several answers; Teams submits them comma-separated.</summary>
    public static JsonObject MultiChoice(string id, string label, IEnumerable<(string Title, string Value)> choices, string? value, string errorMessage)
    {
        var input = AdaptiveCard.ChoiceInput(id, label, choices, value, required: true, errorMessage);
        input["isMultiSelect"] = true;
        input["style"] = "expanded";
        return input;
    }

    private static string Line(ProcessDefinition process) =>
        $"{(process.CurrentVersion == 0 ? "no version yet" : $"version {process.CurrentVersion}")} · owner {process.Owner.Name} · {KnowledgeAreas.Describe(process.KnowledgeAreas)}";

    private static string History(ProcessVersion version, PmoUser viewer) =>
        $"effective {ProcessText.Date(version.EffectiveDate)}, published {ProcessText.When(version.Published.At, viewer)} by {version.Published.ByName}"
        + (version.NeedsAcknowledgement ? ", to be acknowledged" : string.Empty)
        + $": {MessageText.Shorten(version.WhatChanged, 160)}";
}
