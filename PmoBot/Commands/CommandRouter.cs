using PmoBot.Conversations;
using PmoBot.People;

using PmoBot.Telemetry;

namespace PmoBot.Commands;

/// <summary>
/// The table of every chat command. Matching is case-insensitive on whole words, longest name first
/// (<c>role grant</c> before <c>role</c>); <c>help</c> is generated from the same table, so it lists exactly
/// what the caller may use.
/// </summary>
public sealed class CommandRouter
{
    public const string HelpCommand = "help";

    /// <summary>Typed first, a command skips any open conversation flow: <c>/projects</c> in the middle of a review.</summary>
    public const char CommandPrefix = '/';

    private readonly IReadOnlyList<CommandDefinition> commands;
    private readonly List<IConversationFlow> flows;

    public CommandRouter(IEnumerable<ICommandModule> modules, IEnumerable<IConversationFlow>? flows = null)
    {
        this.flows = flows?.ToList() ?? [];
        var help = new CommandDefinition(HelpCommand, HelpCommand, "What you can ask PmoBot, for your role", new HashSet<Role>(), (request, _) => Task.FromResult(Help(request.Caller, request.Conversation)));
        commands = [help, .. modules.SelectMany(m => m.Commands)];
        var duplicate = commands.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two features declare the command '{duplicate.Key}'.");
        }
    }

    public IReadOnlyList<CommandDefinition> Commands => commands;

    public IReadOnlyList<CommandDefinition> AvailableTo(PmoUser user) => commands.Where(c => c.IsAllowedFor(user)).ToList();

    /// <summary>Whether a message goes past the conversation flows before the commands: typed in personal chat, without <see cref="CommandPrefix"/>.</summary>
    public static bool ConsultsFlows(string? text, ConversationKind conversation) =>
        conversation == ConversationKind.Personal && !(text ?? string.Empty).TrimStart().StartsWith(CommandPrefix);

    /// <summary>
    /// Starts every flow's read for <paramref name="userKey"/> at once, before the turn is routed (the reads write
    /// nothing, so a turn that turns out to be a second delivery has changed nothing). Pass the result to
    /// <see cref="RouteAsync"/>, or settle it when the turn will not be routed.
    /// </summary>
    public PreparedFlows PrepareFlows(string userKey, CancellationToken cancellationToken) =>
        new(userKey, flows.Select(flow => flow.LoadAsync(userKey, cancellationToken)).ToList());

    /// <param name="prepared">The flows' reads started ahead for the caller (<see cref="PrepareFlows"/>); without them, each flow is read when its turn comes.</param>
    public async Task<Reply> RouteAsync(PmoUser caller, string? text, ConversationKind conversation, IReadOnlyList<MentionedPerson> mentions, CancellationToken cancellationToken, ChatPlace? place = null, PreparedFlows? prepared = null)
    {
        var line = CommandText.Normalize(text);
        if (ConsultsFlows(text, conversation))
        {
            // A command of the table, whether or not the caller may use it: its own answer (even "is for PMO") says more than "not an answer".
            var isCommand = line.Length is > 0 and <= CommandText.MaxLength && Match(line) is not null;
            var ahead = prepared?.UserKey == caller.UserKey ? prepared : null;
            for (var i = 0; i < flows.Count; i++)
            {
                // In flow order, whatever order the reads finish in: a later flow never sees a message an earlier one answered.
                var open = await (ahead?.LoadOf(i) ?? flows[i].LoadAsync(caller.UserKey, cancellationToken));
                if (open is not null
                    && await open.TryContinueAsync(new ChatTurn(caller, (text ?? string.Empty).Trim(), conversation, place?.Locale, isCommand), cancellationToken) is { } answer)
                {
                    TurnTelemetry.Describe(command: flows[i].Name);
                    return answer;
                }
            }
        }

        if (line.Length == 0)
        {
            return Reply.Message("I didn't catch a command there. Type **help** to see what I can do.");
        }

        // Counted as people see characters: an emoji is one, not the two UTF-16 units it takes.
        if (line.Length > CommandText.MaxLength && new System.Globalization.StringInfo(line).LengthInTextElements is var seen && seen > CommandText.MaxLength)
        {
            return Reply.Message($"That message is {seen:N0} characters long, which is too long to be a command (the longest is {CommandText.MaxLength:N0}). Type **help** to see the commands.");
        }

        var match = Match(line);
        if (match is null)
        {
            if (SmallTalk.Answer(caller, line) is { } kindly)
            {
                TurnTelemetry.Describe(command: "small talk");
                return kindly;
            }

            TurnTelemetry.Describe(command: "unknown");
            return Unknown(caller, line);
        }

        var (command, arguments) = match.Value;
        TurnTelemetry.Describe(command: command.Name);
        if (!command.IsAllowedFor(caller))
        {
            return Reply.Message(
                $"**{command.Name}** is for {Roles.DescribeAny(command.AllowedRoles)}, and {Roles.YourRoles(caller.Roles)}. Ask a PMO member or an admin if you need it, or type **help** for what you can use.");
        }

        if (command.PersonalChatOnly && conversation != ConversationKind.Personal)
        {
            return Reply.Message(
                $"**{command.Name}** is about one person's own development records, so I answer it only in a personal chat with me, where nobody else sees it. Nothing was shown or changed here: open your chat with PmoBot and type **{line.Replace("*", string.Empty, StringComparison.Ordinal)}** there.");
        }

        return await command.Handler(new CommandRequest(caller, arguments, conversation, mentions, place?.Locale, place?.ConversationKey, place?.ConversationName), cancellationToken);
    }

    /// <summary>The answer to a picture, a GIF or a file PmoBot cannot open, sent without words.</summary>
    public static Reply AttachmentsWithoutText { get; } =
        Reply.Message("I can't read pictures or attachments like that one, so nothing was changed. Type a command instead; **help** lists them.");

    /// <summary>
    /// The answer to a message that carries cards and no typed text (a status card inserted from the messaging
    /// extension): a card is not a command, so nothing runs and nothing changes, and the answer says so.
    /// </summary>
    public static Reply CardsWithoutText(IReadOnlyList<string?> titles)
    {
        const int MaxTitle = 60;
        var title = titles.Count == 1 ? titles[0]?.ReplaceLineEndings(" ").Replace("*", string.Empty, StringComparison.Ordinal) : null;
        var what = title is null
            ? titles.Count == 1 ? "that card" : $"those {titles.Count} cards"
            : $"the card \"{(title.Length > MaxTitle ? title[..(MaxTitle - 1)] + "…" : title)}\"";
        return Reply.Message($"I got {what}, but a card is not a command, so nothing was changed. To see a project's latest status, type **status** and its code; type **help** for everything else.");
    }

    public (CommandDefinition Command, string Arguments)? Match(string line)
    {
        var words = line.Split(' ');
        foreach (var command in commands.OrderByDescending(c => c.Name.Count(ch => ch == ' ')))
        {
            var nameWords = command.Name.Split(' ');
            if (nameWords.Length <= words.Length
                && nameWords.Select((w, i) => string.Equals(w, words[i], StringComparison.OrdinalIgnoreCase)).All(same => same))
            {
                return (command, string.Join(' ', words.Skip(nameWords.Length)));
            }
        }

        return null;
    }

    private Reply Unknown(PmoUser caller, string line)
    {
        var typed = line.Split(' ');
        var closest = AvailableTo(caller)
            .Select(c => (Command: c, Distance: CommandText.Distance(string.Join(' ', typed.Take(c.Name.Split(' ').Length)), c.Name)))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        var shown = typed[0].Length > 40 ? typed[0][..40] + "…" : typed[0];
        var suggestion = closest.Command is not null && closest.Distance <= Math.Max(2, closest.Command.Name.Length / 3)
            ? $" Did you mean **{closest.Command.Name}**?"
            : string.Empty;
        return Reply.Message($"I don't know the command \"{shown}\".{suggestion} Type **help** to see everything you can use.");
    }

    /// <summary>Outside personal chat, the commands answered only there say so.</summary>
    private Reply Help(PmoUser caller, ConversationKind conversation) =>
        Reply.WithCard(
            HelpCardFactory.Create(caller, AvailableTo(caller).Select(c => c.PersonalChatOnly && conversation != ConversationKind.Personal ? c with { Description = $"{c.Description} (in personal chat only)" } : c).ToList()),
            "Here is what you can ask me.");
}
