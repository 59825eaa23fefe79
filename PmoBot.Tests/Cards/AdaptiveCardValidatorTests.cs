using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace PmoBot.Tests.Cards;

/// <summary>
/// Proves that <see cref="AdaptiveCardValidator"/> is not a rubber stamp: a good Teams 1.5 card passes, and each
/// kind of broken card is reported.
/// </summary>
public sealed class AdaptiveCardValidatorTests
{
    private static JsonObject GoodCard() => new()
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = "1.5",
        ["msteams"] = new JsonObject
        {
            ["width"] = "Full",
            ["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = "<at>Ada Lovelace</at>",
                ["mentioned"] = new JsonObject { ["id"] = "29:1abc", ["name"] = "Ada Lovelace" },
            }),
        },
        ["body"] = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["text"] = "Project Apollo", ["size"] = "Large", ["weight"] = "Bolder", ["style"] = "heading", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = "Owner: <at>Ada Lovelace</at>", ["wrap"] = true, ["isSubtle"] = true },
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(
                    new JsonObject { ["title"] = "Status", ["value"] = "On track" },
                    new JsonObject { ["title"] = "Due", ["value"] = "2025-03-31" }),
            },
            new JsonObject
            {
                ["type"] = "ColumnSet",
                ["columns"] = new JsonArray(
                    new JsonObject { ["type"] = "Column", ["width"] = "auto", ["items"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "Budget" }) },
                    new JsonObject { ["type"] = "Column", ["width"] = "stretch", ["items"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "€120k", ["horizontalAlignment"] = "Right" }) }),
            },
            new JsonObject { ["type"] = "Input.Text", ["id"] = "comment", ["label"] = "Comment", ["isMultiline"] = true, ["placeholder"] = "What changed?" },
            new JsonObject
            {
                ["type"] = "Input.ChoiceSet",
                ["id"] = "status",
                ["label"] = "Status",
                ["style"] = "compact",
                ["isRequired"] = true,
                ["errorMessage"] = "Pick a status.",
                ["value"] = "green",
                ["choices"] = new JsonArray(
                    new JsonObject { ["title"] = "On track", ["value"] = "green" },
                    new JsonObject { ["title"] = "At risk", ["value"] = "amber" },
                    new JsonObject { ["title"] = "Off track", ["value"] = "red" }),
            }),
        ["actions"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = "Save",
                ["verb"] = "project.update",
                ["style"] = "positive",
                ["data"] = new JsonObject { ["projectId"] = "apollo" },
                ["fallback"] = new JsonObject { ["type"] = "Action.Submit", ["title"] = "Save", ["data"] = new JsonObject { ["verb"] = "project.update" } },
            },
            new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = "Help",
                ["data"] = new JsonObject { ["msteams"] = new JsonObject { ["type"] = "imBack", ["value"] = "help" } },
            },
            new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = "Details",
                ["data"] = new JsonObject { ["msteams"] = new JsonObject { ["type"] = "messageBack", ["text"] = "details apollo", ["displayText"] = "Details", ["value"] = new JsonObject { ["projectId"] = "apollo" } } },
            }),
    };

    private static JsonArray Body(JsonObject card) => card["body"]!.AsArray();

    private static JsonArray Actions(JsonObject card) => card["actions"]!.AsArray();

    /// <summary>Each broken card: how to break the good card, and a fragment its errors must contain.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Break, string[] Expected)> BadCards = new()
    {
        ["unknown element type"] = (
            c => Body(c).Add(new JsonObject { ["type"] = "Fancy.Widget", ["text"] = "x" }),
            ["renderer UnknownElementType", "unknown element type \"Fancy.Widget\""]),
        ["input without id"] = (
            c => Body(c).Add(new JsonObject { ["type"] = "Input.Text", ["label"] = "Anonymous" }),
            ["All inputs must have a unique Id", "Input.Text needs a non-empty \"id\""]),
        ["duplicate input ids"] = (
            c => Body(c).Add(new JsonObject { ["type"] = "Input.Number", ["id"] = "comment", ["label"] = "Again" }),
            ["renderer DuplicateId", "duplicate id \"comment\""]),
        ["choice set without choices"] = (
            c => Body(c).Add(new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = "empty", ["label"] = "Empty", ["choices"] = new JsonArray() }),
            ["An Input.ChoiceSet must have at least one choice defined", "Input.ChoiceSet has no choices"]),
        ["Action.Execute without verb"] = (
            c => Actions(c).Add(new JsonObject { ["type"] = "Action.Execute", ["title"] = "Go" }),
            ["Action.Execute needs a non-empty \"verb\""]),
        ["wrong version"] = (
            c => c["version"] = "1.6",
            ["version must be \"1.5\""]),
        ["wrong type"] = (
            c => c["type"] = "MessageCard",
            ["renderer MissingCardType", "type must be \"AdaptiveCard\""]),
        ["invalid enum value"] = (
            c => Body(c)[0]!["weight"] = "heavy",
            ["renderer InvalidPropertyValue at $.body[0]: Invalid value \"heavy\" for property \"weight\""]),
        ["missing $schema"] = (
            c => c.Remove("$schema"),
            ["\"$schema\" is missing"]),
        ["unknown action type"] = (
            c => Actions(c).Add(new JsonObject { ["type"] = "Action.Http", ["title"] = "Call" }),
            ["renderer UnknownActionType", "unknown action type \"Action.Http\""]),
        ["misspelt property"] = (
            c => Body(c)[0]!["wieght"] = "Bolder",
            ["unknown property \"wieght\" on TextBlock"]),
        ["boolean given as a string"] = (
            c => Body(c)[0]!["wrap"] = "true",
            ["property \"wrap\" must be a boolean"]),
        ["TextBlock without text"] = (
            c => Body(c).Add(new JsonObject { ["type"] = "TextBlock" }),
            ["TextBlock needs a non-empty \"text\""]),
        ["element newer than 1.5"] = (
            c => Body(c).Add(new JsonObject { ["type"] = "Carousel", ["pages"] = new JsonArray() }),
            ["renderer UnknownElementType", "unknown element type \"Carousel\""]),
        ["msteams width other than Full"] = (
            c => c["msteams"]!["width"] = "Wide",
            ["msteams.width must be \"Full\""]),
        ["imBack without value"] = (
            c => Actions(c)[1]!["data"]!["msteams"]!.AsObject().Remove("value"),
            ["msteams imBack needs a non-empty string \"value\""]),
        ["mention not in the text"] = (
            c => Body(c)[1]!["text"] = "Owner: Ada",
            ["mention \"<at>Ada Lovelace</at>\" does not appear"]),
        ["too many actions for Teams"] = (
            c =>
            {
                for (var i = 0; i < 4; i++)
                {
                    Actions(c).Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = $"Link {i}", ["url"] = $"https://example.com/{i}" });
                }
            },
            ["renderer TooManyActions", "Maximum number of actions exceeded (6)"]),
        ["unresolved template"] = (
            c => Body(c)[0]!["text"] = "Project ${name}",
            ["unresolved template expression"]),
        ["toggle target that does not exist"] = (
            c => Actions(c).Add(new JsonObject { ["type"] = "Action.ToggleVisibility", ["title"] = "More", ["targetElements"] = new JsonArray("nowhere") }),
            ["target \"nowhere\" is not the id of any element"]),
    };

    public static TheoryData<string> BadCardNames() => [.. BadCards.Keys];

    private static JsonObject Broken(string name)
    {
        var card = GoodCard();
        BadCards[name].Break(card);
        return card;
    }

    [Fact]
    public async Task GoodCardHasNoErrors()
    {
        var report = await AdaptiveCardValidator.ValidateAsync([("good", GoodCard())]);

        Assert.Empty(report["good"]);
    }

    [Fact]
    public async Task AssertValidPassesForGoodCard()
    {
        await AdaptiveCardValidator.AssertValidAsync("good", GoodCard());
    }

    [Theory]
    [MemberData(nameof(BadCardNames))]
    public async Task BadCardIsReported(string name)
    {
        var report = await AdaptiveCardValidator.ValidateAsync([(name, Broken(name))]);

        var errors = report[name];
        Assert.NotEmpty(errors);
        foreach (var expected in BadCards[name].Expected)
        {
            Assert.True(
                errors.Any(e => e.Contains(expected, StringComparison.Ordinal)),
                $"Expected an error containing '{expected}' for '{name}', got:\n{string.Join("\n", errors)}");
        }
    }

    [Fact]
    public async Task ValidatesManyCardsInOneRun()
    {
        var cards = BadCards.Keys.Select(name => (name, Broken(name))).Prepend(("good", GoodCard())).ToList();

        var report = await AdaptiveCardValidator.ValidateAsync(cards);

        Assert.Equal(cards.Count, report.Count);
        Assert.Empty(report["good"]);
        Assert.All(BadCards.Keys, name => Assert.NotEmpty(report[name]));
    }

    [Fact]
    public async Task AssertValidFailsListingTheErrors()
    {
        var exception = await Assert.ThrowsAsync<FailException>(() => AdaptiveCardValidator.AssertValidAsync("no verb", Broken("Action.Execute without verb")));

        Assert.Contains("\"no verb\"", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Action.Execute needs a non-empty \"verb\"", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectsDuplicateCardNames()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => AdaptiveCardValidator.ValidateAsync([("same", GoodCard()), ("same", GoodCard())]));
    }
}
