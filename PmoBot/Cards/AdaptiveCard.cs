using System.Text.Json.Nodes;

namespace PmoBot.Cards;

/// <summary>
/// Builds Adaptive Card 1.5 JSON (the version every Teams client renders). Cards are plain JSON because the
/// AdaptiveCards package is not available to this project; the tests check every card against the official
/// renderer instead.
/// </summary>
public static class AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string SchemaVersion = "1.5";

    /// <summary>The data field every card action carries, so a submit and an invoke reach the same handler.</summary>
    public const string VerbField = "verb";

    /// <summary>The submit data field of a <see cref="SendMessage"/> button: the command it runs.</summary>
    public const string CommandField = "command";

    /// <summary>
    /// The longest form id a submit is taken with: PmoBot's forms carry GUIDs (32 characters), and a form id is kept
    /// with what the form saves (in a Table Storage key of 1 KiB, or a property of 64 KB at most). A longer one is no
    /// form PmoBot made.
    /// </summary>
    public const int MaxFormIdLength = 64;

    public static JsonObject Create(IEnumerable<JsonNode?> body, IEnumerable<JsonNode?>? actions = null)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = SchemaVersion,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = new JsonArray(body.Where(n => n is not null).ToArray()),
        };
        var actionArray = new JsonArray((actions ?? []).Where(n => n is not null).ToArray());
        if (actionArray.Count > 0)
        {
            card["actions"] = actionArray;
        }

        return card;
    }

    public static JsonObject Heading(string text) => new()
    {
        ["type"] = "TextBlock",
        ["text"] = text,
        ["size"] = "Large",
        ["weight"] = "Bolder",
        ["wrap"] = true,
        ["style"] = "heading",
    };

    public static JsonObject Subheading(string text) => new()
    {
        ["type"] = "TextBlock",
        ["text"] = text,
        ["weight"] = "Bolder",
        ["spacing"] = "Medium",
        ["wrap"] = true,
    };

    public static JsonObject Text(string text, bool subtle = false, string? color = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (subtle)
        {
            block["isSubtle"] = true;
        }

        if (color is not null)
        {
            block["color"] = color;
        }

        return block;
    }

    public static JsonObject Facts(IEnumerable<(string Title, string Value)> facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray(facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value }).ToArray()),
    };

    /// <summary>
    /// A button (or a tappable line) that runs <paramref name="message"/> as if the user typed it. Its data carries the
    /// command in <see cref="CommandField"/>; every client sends an <c>Action.Submit</c> as a message with that value,
    /// and the bot reads the command from it. Not Teams' <c>msteams</c> imBack, which would also echo the text in the
    /// chat: the Agents Playground (0.2.28) throws on any submit data holding <c>msteams</c>, so the button did nothing there.
    /// </summary>
    public static JsonObject SendMessage(string title, string message) => new()
    {
        ["type"] = "Action.Submit",
        ["title"] = title,
        ["data"] = new JsonObject { [CommandField] = message },
    };

    /// <summary>
    /// A Universal Action (<c>Action.Execute</c>): Teams sends an <c>adaptiveCard/action</c> invoke and the card
    /// is replaced in place by the answer. Clients without Universal Actions fall back to an
    /// <c>Action.Submit</c> carrying the same data, which reaches the same handler as a message.
    /// </summary>
    public static JsonObject Execute(string title, string verb, JsonObject? data = null, string? style = null)
    {
        var payload = data?.DeepClone().AsObject() ?? [];
        payload[VerbField] = verb;
        var action = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = title,
            ["verb"] = verb,
            ["data"] = payload,
            ["fallback"] = new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = payload.DeepClone() },
        };
        if (style is not null)
        {
            action["style"] = style;
        }

        return action;
    }

    /// <summary>Teams refreshes a card automatically for at most 60 people; anyone else uses "Refresh card" in its menu.</summary>
    public const int MaxRefreshUsers = 60;

    /// <summary>
    /// The Universal Actions <c>refresh</c>: when one of <paramref name="userIds"/> (Teams user ids) views the card, Teams
    /// invokes <paramref name="verb"/> with <paramref name="data"/> and shows them the card the answer carries, their
    /// own view of it as it is now. The last <see cref="MaxRefreshUsers"/> ids are kept (a Teams limit). Without
    /// <paramref name="userIds"/>, Teams refreshes it for everyone who opens it in a conversation of up to 60 people.
    /// </summary>
    public static JsonObject WithRefresh(JsonObject card, string verb, JsonObject data, IEnumerable<string>? userIds = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(data);
        var payload = data.DeepClone().AsObject();
        payload[VerbField] = verb;
        var refresh = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = payload } };
        if (userIds is not null)
        {
            refresh["userIds"] = new JsonArray(userIds.TakeLast(MaxRefreshUsers).Select(id => (JsonNode)JsonValue.Create(id)).ToArray());
        }

        card["refresh"] = refresh;
        return card;
    }

    public static JsonObject TextInput(string id, string label, string? value = null, string? placeholder = null, bool required = false, string? errorMessage = null)
    {
        var input = new JsonObject { ["type"] = "Input.Text", ["id"] = id, ["label"] = label };
        if (value is not null)
        {
            input["value"] = value;
        }

        if (placeholder is not null)
        {
            input["placeholder"] = placeholder;
        }

        return WithValidation(input, required, errorMessage);
    }

    public static JsonObject ChoiceInput(string id, string label, IEnumerable<(string Title, string Value)> choices, string? value = null, bool required = false, string? errorMessage = null)
    {
        var input = new JsonObject
        {
            ["type"] = "Input.ChoiceSet",
            ["id"] = id,
            ["label"] = label,
            ["style"] = "compact",
            ["choices"] = new JsonArray(choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value }).ToArray()),
        };
        if (value is not null)
        {
            input["value"] = value;
        }

        return WithValidation(input, required, errorMessage);
    }

    public static JsonObject Multiline(JsonObject input)
    {
        input["isMultiline"] = true;
        return input;
    }

    public static JsonObject DateInput(string id, string label, string? value = null, bool required = false, string? errorMessage = null)
    {
        var input = new JsonObject { ["type"] = "Input.Date", ["id"] = id, ["label"] = label };
        if (value is not null)
        {
            input["value"] = value;
        }

        return WithValidation(input, required, errorMessage);
    }

    /// <summary>A button that opens <paramref name="card"/> under the card (its inputs are submitted with the card's own).</summary>
    /// <remarks>A card inside a card carries neither <c>$schema</c> nor <c>msteams</c>: Teams reads both only on the outer card.</remarks>
    public static JsonObject ShowCard(string title, JsonObject card)
    {
        card.Remove("$schema");
        card.Remove("msteams");
        return new JsonObject
        {
            ["type"] = "Action.ShowCard",
            ["title"] = title,
            ["card"] = card,
        };
    }

    /// <summary>Buttons placed in the body (under a row, say) rather than at the card's foot.</summary>
    public static JsonObject ActionSet(IEnumerable<JsonNode?> actions) => new()
    {
        ["type"] = "ActionSet",
        ["actions"] = new JsonArray(actions.Where(a => a is not null).ToArray()),
    };

    /// <summary>A button that shows or hides the elements with these ids (collapsed detail), without a round trip to the bot.</summary>
    public static JsonObject ToggleVisibility(string title, params string[] targetIds) => new()
    {
        ["type"] = "Action.ToggleVisibility",
        ["title"] = title,
        ["targetElements"] = new JsonArray(targetIds.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
    };

    /// <summary>A group of elements; <paramref name="id"/> and <paramref name="visible"/> let a toggle show it.</summary>
    public static JsonObject Container(IEnumerable<JsonNode?> items, bool separator = false, string? id = null, bool visible = true, string? style = null)
    {
        var container = new JsonObject { ["type"] = "Container", ["items"] = new JsonArray(items.Where(i => i is not null).ToArray()) };
        if (id is not null)
        {
            container["id"] = id;
        }

        if (separator)
        {
            container["separator"] = true;
        }

        if (!visible)
        {
            container["isVisible"] = false;
        }

        if (style is not null)
        {
            container["style"] = style;
        }

        return container;
    }

    private static JsonObject WithValidation(JsonObject input, bool required, string? errorMessage)
    {
        if (required)
        {
            input["isRequired"] = true;
            input["errorMessage"] = errorMessage ?? "Required.";
        }

        return input;
    }
}
