namespace PmoBot.Bench;

/// <summary>The echo floor's script: the same PM types the same messages as in their review, to <c>/api/echo</c>, and each comes back as it was sent.</summary>
internal static class EchoScript
{
    public static ChatScript Of(ChatScript review) =>
        new(review.Pm, review.Turns.Select(turn => new ChatTurn("echo", turn.Text, replies => Echoed(replies, turn.Text))).ToList());

    private static string? Echoed(IReadOnlyList<BotReply> replies, string text) =>
        replies.Count == 1 && replies[0].Text == text ? null : $"expected one reply saying \"{text}\"";
}
