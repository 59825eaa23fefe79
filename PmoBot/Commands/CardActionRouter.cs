using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Conversations;
using PmoBot.People;

using PmoBot.Telemetry;

namespace PmoBot.Commands;

/// <summary>A button on a card: the verb is a constant shared by the card that emits it and this handler.</summary>
public interface ICardActionHandler
{
    string Verb { get; }

    IReadOnlySet<Role> AllowedRoles { get; }

    Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken);
}

public sealed record CardActionRequest(PmoUser Caller, JsonObject Data, ConversationKind Conversation, string? Locale = null)
{
    public string? Field(string name) =>
        Data.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;
}

/// <summary>Sends <c>Action.Execute</c> invokes and <c>Action.Submit</c> data to the handler registered for the verb.</summary>
public sealed class CardActionRouter
{
    private readonly Dictionary<string, ICardActionHandler> handlers;

    public CardActionRouter(IEnumerable<ICardActionHandler> handlers)
    {
        this.handlers = handlers.ToDictionary(h => h.Verb, StringComparer.OrdinalIgnoreCase);
    }

    public static string? VerbOf(JsonObject? data) =>
        data is not null && data.TryGetPropertyValue(AdaptiveCard.VerbField, out var node) && node is JsonValue value && value.TryGetValue<string>(out var verb)
            ? verb
            : null;

    public Task<Reply> RouteAsync(string? verb, CardActionRequest request, CancellationToken cancellationToken)
    {
        TurnTelemetry.Describe(command: verb is not null && handlers.ContainsKey(verb) ? verb.ToLowerInvariant() : "unknown verb");
        if (string.IsNullOrWhiteSpace(verb) || !handlers.TryGetValue(verb, out var handler))
        {
            return Task.FromResult(Reply.Message(
                $"This button ({(string.IsNullOrWhiteSpace(verb) ? "no action name" : verb)}) is not one PmoBot knows, perhaps from an older card. Nothing was changed; type **help** to see what you can do."));
        }

        if (handler.AllowedRoles.Count > 0 && !request.Caller.HasAny(handler.AllowedRoles))
        {
            return Task.FromResult(Reply.Message(
                $"This action is for {Roles.DescribeAny(handler.AllowedRoles)}, and {Roles.YourRoles(request.Caller.Roles)}. Nothing was changed. Ask a PMO member or an admin if you need it."));
        }

        return handler.HandleAsync(request, cancellationToken);
    }
}
