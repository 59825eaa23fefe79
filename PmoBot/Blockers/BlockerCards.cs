using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Reviews.Templates;

namespace PmoBot.Blockers;

/// <summary>The register's cards: one blocker with its buttons, the PM's open items before a review, and the <c>blockers</c> list.</summary>
public static class BlockerCards
{
    public const string ResolveVerb = "blocker.resolve";
    public const string KeepOpenVerb = "blocker.keep";
    public const string EscalateVerb = "blocker.escalate";
    public const string HelpVerb = "blocker.help";
    public const string ReassignVerb = "blocker.reassign";

    public const string ProjectField = "project";
    public const string BlockerField = "blocker";

    /// <summary>Names the input (date or person) a button reads, so several items' inputs can share one card.</summary>
    public const string InputField = "input";

    public const int MaxListed = 50;

    /// <summary>One blocker for its owner: what it is, its age and due date, and Done, Need help, Reassign (and a new date).</summary>
    /// <param name="today">The reader's date: whether the item is past due is read on their calendar.</param>
    public static JsonObject ForOwner(Blocker blocker, DateTimeOffset now, DateOnly today, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(blocker);
        var body = new List<JsonNode?> { AdaptiveCard.Heading($"{Capital(blocker.KindText)} on {blocker.ProjectCode} {blocker.ProjectName}") };
        if (note is not null)
        {
            body.Add(AdaptiveCard.Text(note, color: "Good"));
        }

        body.Add(AdaptiveCard.Text(blocker.Text));
        body.Add(AdaptiveCard.Facts(Facts(blocker, now, today)));
        return AdaptiveCard.Create(body, blocker.IsOpen ? Buttons(blocker, 0, owner: true) : null);
    }

    /// <summary>Before a review: the PM's open items, each asking resolved, still open (with a new date) or escalated.</summary>
    /// <param name="today">The PM's date: whether an item is past due is read on their calendar.</param>
    public static JsonObject ForReview(IReadOnlyList<Blocker> open, DateTimeOffset now, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(open);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Your open issues and decisions first"),
            AdaptiveCard.Text($"{Count(open.Count)} from earlier reviews, oldest first. For each: resolved, still open (with a new date), or escalated to the PMO.", subtle: true),
        };
        for (var i = 0; i < open.Count; i++)
        {
            var b = open[i];
            body.Add(AdaptiveCard.Container(
                [
                    AdaptiveCard.Subheading($"{b.ProjectCode} · {b.KindText} · {Blocker.Age(b.AgeDays(now))}"),
                    AdaptiveCard.Text(b.Text),
                    AdaptiveCard.Facts(Facts(b, now, today)),
                    AdaptiveCard.ActionSet(Buttons(b, i + 1, owner: false)),
                ],
                separator: true));
        }

        return AdaptiveCard.Create(body);
    }

    /// <summary>The <c>blockers</c> list: open items oldest first, with owner and age.</summary>
    /// <param name="today">The reader's date: whether an item is past due is read on their calendar.</param>
    public static JsonObject List(IReadOnlyList<Blocker> open, DateTimeOffset now, DateOnly today, string scope)
    {
        ArgumentNullException.ThrowIfNull(open);
        var shown = open.Take(MaxListed).ToList();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Open issues and decisions"),
            AdaptiveCard.Text($"{Count(open.Count)} open on {scope}, oldest first{(open.Count > shown.Count ? $" (the oldest {shown.Count} shown)" : string.Empty)}.", subtle: true),
            AdaptiveCard.Facts(shown.Select(b => (
                $"{b.ProjectCode} · {Blocker.Age(b.AgeDays(now))}",
                $"{Flag(b, today)}{Capital(b.KindText)}: {b.Text} · owner {b.OwnerName}{(b.DueDate is { } due ? $" · due {DateText.Display(due)}" : string.Empty)}"))),
            AdaptiveCard.Text("Type **project ‹code›** for a project's card. Owners change an item from the card they were sent.", subtle: true),
        };
        return AdaptiveCard.Create(body);
    }

    public static string Count(int count) => count == 1 ? "1 item" : string.Create(CultureInfo.InvariantCulture, $"{count} items");

    private static string Flag(Blocker b, DateOnly today) =>
        b.State == BlockerState.Escalated ? "⬆️ escalated · " : b.NeedsHelp ? "🆘 needs help · " : b.IsPastDue(today) ? "⏰ past due · " : string.Empty;

    private static IEnumerable<(string, string)> Facts(Blocker b, DateTimeOffset now, DateOnly today)
    {
        yield return ("Owner", b.OwnerName);
        yield return ("Age", Blocker.Age(b.AgeDays(now)));
        yield return ("Due", b.DueDate is { } due ? DateText.Display(due) + (b.IsPastDue(today) ? " (past)" : string.Empty) : "no date");
        yield return ("Raised by", $"{b.RaisedByName}, {b.RaisedAt.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}");
        yield return ("State", b.State switch
        {
            BlockerState.Closed => $"closed by {b.ClosedByName} on {b.ClosedAt?.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}",
            BlockerState.Escalated => "escalated to the PMO",
            _ => b.NeedsHelp ? "open, the owner asked for help" : "open",
        });
    }

    private static List<JsonNode?> Buttons(Blocker b, int index, bool owner)
    {
        var dateInput = $"due-{index.ToString(CultureInfo.InvariantCulture)}";
        var ownerInput = $"owner-{index.ToString(CultureInfo.InvariantCulture)}";
        JsonObject Data(string? input = null)
        {
            var data = new JsonObject { [ProjectField] = b.ProjectCode, [BlockerField] = b.Id };
            if (input is not null)
            {
                data[InputField] = input;
            }

            return data;
        }

        var keepOpen = AdaptiveCard.ShowCard(
            "Still open",
            AdaptiveCard.Create(
                [AdaptiveCard.DateInput(dateInput, "New date", b.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), required: true, errorMessage: "Choose the date it should be settled by.")],
                [AdaptiveCard.Execute("Keep open", KeepOpenVerb, Data(dateInput))]));
        var reassign = AdaptiveCard.ShowCard(
            "Reassign",
            AdaptiveCard.Create(
                [AdaptiveCard.TextInput(ownerInput, "New owner (name or e-mail)", required: true, errorMessage: "Type the new owner's name or e-mail.")],
                [AdaptiveCard.Execute("Assign", ReassignVerb, Data(ownerInput))]));
        return owner
            ? [AdaptiveCard.Execute("Done", ResolveVerb, Data(), "positive"), AdaptiveCard.Execute("Need help", HelpVerb, Data()), reassign, keepOpen]
            : [AdaptiveCard.Execute("Resolved", ResolveVerb, Data(), "positive"), keepOpen, AdaptiveCard.Execute("Escalate", EscalateVerb, Data()), reassign];
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
