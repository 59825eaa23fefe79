using System.Text.RegularExpressions;

namespace PmoBot.Bench;

/// <summary>
/// Every benchmark delivery's text carries its idempotency key, so what reached the connector can be matched to
/// what was asked for exactly: a key seen twice is a duplicate, a key never seen is a loss.
/// </summary>
internal static partial class DeliveryToken
{
    public static string Text(string idempotencyKey, string description) => $"{description} [bench:{idempotencyKey}]";

    public static string? Find(string? text) =>
        text is not null && TokenPattern().Match(text) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"\[bench:([^\]]+)\]")]
    private static partial Regex TokenPattern();
}
