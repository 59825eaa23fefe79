using System.Text.Json.Nodes;

namespace PmoBot.Commands;

/// <summary>
/// What a feature answers: text, an Adaptive Card, or both, and optionally quick replies (buttons under the
/// message that send their text, for answers that are a choice), or a file offered for download
/// (<see cref="FileOffer"/>). Teams/ turns it into an activity.
/// </summary>
public sealed record Reply(string? Text, JsonObject? Card = null, IReadOnlyList<string>? QuickReplies = null, FileOffer? File = null)
{
    public static Reply Message(string text) => new(text);

    public static Reply WithCard(JsonObject card, string? text = null) => new(text, card);

    public static Reply WithFile(FileOffer file, string text) => new(text, File: file);
}
