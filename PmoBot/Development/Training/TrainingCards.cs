using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Training;

/// <summary>The training cards: the catalogue, a PM's plan with suggestions, coverage (a stacked bar chart with a facts fallback), and the import report.</summary>
public static class TrainingCards
{
    public const int MaxProgrammes = 30;

    /// <param name="example">What the closing hint shows, typed as is: a programme the reader has not done, and a due date from today.</param>
    public static JsonObject Catalogue(IReadOnlyList<Programme> programmes, string? area, string example)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        var body = new List<JsonNode?> { AdaptiveCard.Heading(area is null ? "Training catalogue" : $"Training catalogue · {KnowledgeAreas.NameOf(area)}") };
        if (programmes.Count == 0)
        {
            body.Add(AdaptiveCard.Text(area is null
                ? "The catalogue is empty. The PMO seeds it by sending a CSV file whose name starts with \"training\" (e.g. training-catalogue.csv) in personal chat."
                : $"No programme in {KnowledgeAreas.NameOf(area)} yet. Type **training** for the whole catalogue."));
        }

        foreach (var group in programmes.Take(MaxProgrammes).GroupBy(p => p.KnowledgeArea).OrderBy(g => KnowledgeAreas.NameOf(g.Key)))
        {
            body.Add(AdaptiveCard.Subheading(KnowledgeAreas.NameOf(group.Key)));
            body.Add(AdaptiveCard.Facts(group.OrderBy(p => p.Level).Select(p => (p.Id, Describe(p)))));
        }

        if (programmes.Count > MaxProgrammes)
        {
            body.Add(AdaptiveCard.Text($"{MaxProgrammes} of {programmes.Count.ToString(CultureInfo.InvariantCulture)} shown: type **training** and a knowledge area (e.g. **training risk**).", subtle: true));
        }

        body.Add(AdaptiveCard.Text($"Add one to your plan with **plan add** and its id (e.g. {example}).", subtle: true));
        return AdaptiveCard.Create(body);
    }

    public static string Describe(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        return $"{programme.Title} · {programme.Level} · {TrainingText.Describe(programme.Format)} · {TalentAreas.Format(programme.DurationHours)} h"
            + (programme.Provider is { } provider ? $" · {provider}" : string.Empty)
            + (programme.Pdus.Total > 0 ? $" · {programme.Pdus.Describe()}" : string.Empty);
    }

    /// <param name="reader">Who reads the card: event times are shown in their zone, and the PMO is not told to ask the PMO.</param>
    public static JsonObject Plan(string name, IReadOnlyList<(PlanItem Item, Programme? Programme)> items, IReadOnlyList<TrainingSuggestion> suggestions, DateOnly today, PmoBot.People.PmoUser reader, bool own, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(suggestions);
        var body = new List<JsonNode?> { AdaptiveCard.Heading($"Development plan · {name}") };
        if (note is not null)
        {
            body.Add(AdaptiveCard.Text(note, color: "Good"));
        }

        var current = items.Where(i => i.Item.Status != PlanStatus.Dropped).OrderBy(i => i.Item.Status == PlanStatus.Done).ThenBy(i => i.Item.DueOn).ToList();
        if (current.Count == 0)
        {
            body.Add(AdaptiveCard.Text(own ? "Your plan is empty. Type **training** for the catalogue, then **plan add** with a programme's id." : "The plan is empty."));
        }
        else
        {
            body.Add(AdaptiveCard.Facts(current.Select(i => (
                i.Item.ProgrammeId,
                $"{i.Programme?.Title ?? "(no longer in the catalogue)"} · {TrainingText.Describe(i.Item.Status)} · due {DateText.Display(i.Item.DueOn)}{(i.Item.IsBehind(today) ? " · behind" : string.Empty)}"))));
            if (current.Any(i => i.Item.IsBehind(today)))
            {
                body.Add(AdaptiveCard.Text($"{current.Count(i => i.Item.IsBehind(today))} behind plan: past the due date and not done.", color: "Warning"));
            }
        }

        foreach (var suggestion in suggestions)
        {
            body.AddRange(Suggestion(suggestion, reader, own));
        }

        var actions = new List<JsonNode?>();
        if (own)
        {
            foreach (var open in current.Where(i => i.Item.IsOpen).Take(3))
            {
                actions.Add(AdaptiveCard.SendMessage($"Done: {open.Item.ProgrammeId}", $"plan done {open.Item.ProgrammeId}"));
            }

            actions.Add(AdaptiveCard.SendMessage("Catalogue", "training"));
        }

        return AdaptiveCard.Create(body, actions);
    }

    public static IEnumerable<JsonNode?> Suggestion(TrainingSuggestion suggestion, PmoBot.People.PmoUser reader, bool own)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        ArgumentNullException.ThrowIfNull(reader);
        var reason = suggestion.Reason;
        var area = KnowledgeAreas.NameOf(reason.KnowledgeArea);
        yield return AdaptiveCard.Subheading($"Suggested: {KnowledgeAreas.NameOf(reason.KnowledgeArea)}");
        yield return AdaptiveCard.Text($"Why: {reason.ProjectCode} ({reason.ProjectName}) raised \"{reason.RuleTitle}\" on {reason.RaisedAt.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}.", subtle: true);
        if (suggestion.InPlan.Count > 0)
        {
            yield return AdaptiveCard.Text(
                $"Already in {(own ? "your" : "the")} plan for {area}: {string.Join(", ", suggestion.InPlan.Select(i => $"{i.ProgrammeId} ({TrainingText.Describe(i.Status).ToLowerInvariant()})"))}.",
                subtle: true);
        }

        var facts = suggestion.Programmes.Select(p => (p.Id, Describe(p)))
            .Concat(suggestion.Events.Select(e => (e.Event.Id, e.Line(reader.TimeZone, own))))
            .ToList();
        if (facts.Count > 0)
        {
            yield return AdaptiveCard.Facts(facts);
        }
        else if (suggestion.InPlan.Count == 0)
        {
            yield return AdaptiveCard.Text(
                reader.HasAny(PmoBot.People.Roles.PmoOrAdmin)
                    ? $"Nothing in the catalogue or the upcoming events covers {area} yet: add a programme (a training CSV) or an event (**event add**)."
                    : $"Nothing in the catalogue or the upcoming events covers {area} yet; ask the PMO.",
                subtle: true);
        }
    }

    public static JsonObject Coverage(CoverageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Training coverage"),
            AdaptiveCard.Text($"{report.ProjectManagers} project managers, per knowledge area: trained (a programme done), planned, or nothing yet.", subtle: true),
        };
        var fallback = AdaptiveCard.Facts(report.Areas.Select(a => (KnowledgeAreas.NameOf(a.KnowledgeArea), $"{a.Trained} trained · {a.Planned} planned · {a.Nothing} nothing")));
        if (report.ProjectManagers > 0)
        {
            body.Add(Charts.WithNumbers(new JsonObject
            {
                ["type"] = "Chart.HorizontalBar.Stacked",
                ["title"] = "PMs per knowledge area",
                ["data"] = new JsonArray(report.Areas.Select(a => (JsonNode)new JsonObject
                {
                    ["title"] = KnowledgeAreas.NameOf(a.KnowledgeArea),
                    ["data"] = new JsonArray(
                        Segment("Trained", a.Trained, "good"),
                        Segment("Planned", a.Planned, "warning"),
                        Segment("Nothing", a.Nothing, "attention")),
                }).ToArray()),
                ["fallback"] = fallback,
            }));
        }
        else
        {
            body.Add(AdaptiveCard.Text("Nobody holds the project manager role yet."));
        }

        body.Add(AdaptiveCard.Subheading("Behind plan"));
        body.Add(report.Behind.Count == 0
            ? AdaptiveCard.Text("Nobody: every planned programme is within its due date.", subtle: true)
            : AdaptiveCard.Facts(report.Behind.Take(30).Select(b => (b.PersonName, $"{b.ProgrammeId} {b.ProgrammeTitle} · due {DateText.Display(b.DueOn)}"))));
        return AdaptiveCard.Create(body);
    }

    public static JsonObject ImportReport(string fileName, CatalogueImportReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Training catalogue · {fileName}"),
            AdaptiveCard.Text(report.Summary, color: report.FileError is null && report.Errors.Count == 0 ? "Good" : "Warning"),
        };
        if (report.Errors.Count > 0)
        {
            body.Add(AdaptiveCard.Facts(report.Errors.Take(20).Select(e => ($"Line {e.Line}", e.Describe()))));
        }

        if (report.FileError is not null)
        {
            body.Add(AdaptiveCard.Text($"The first line must be the header: {string.Join(",", TrainingCsvImporter.Columns)}.", subtle: true));
        }

        return AdaptiveCard.Create(body, [AdaptiveCard.SendMessage("Catalogue", "training")]);
    }

    private static JsonObject Segment(string legend, int value, string color) => new() { ["legend"] = legend, ["value"] = value, ["color"] = color };
}
