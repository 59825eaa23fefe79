using System.Text.Json.Nodes;

namespace PmoBot.Commands;

/// <summary>What a feature answers: text, an Adaptive Card, or both. Teams/ turns it into an activity.</summary>
public sealed record Reply(string? Text, JsonObject? Card = null)
{
    public static Reply Message(string text) => new(text);

    public static Reply WithCard(JsonObject card, string? text = null) => new(text, card);
}
