namespace PmoBot.Bench;

/// <summary>
/// One message a PM types, named by its step for the figures (<c>hello</c>, <c>review</c>, <c>answer</c>,
/// <c>submit</c>, <c>echo</c>), and how to tell whether the bot's replies to it are right: null when they are,
/// otherwise what is wrong.
/// </summary>
internal sealed record ChatTurn(string Step, string Text, Func<IReadOnlyList<BotReply>, string?> Problem);

/// <summary>Everything one PM types, in order; a turn whose replies are wrong ends the script.</summary>
internal sealed record ChatScript(BenchPm Pm, IReadOnlyList<ChatTurn> Turns);
