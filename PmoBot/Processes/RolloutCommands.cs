using System.Globalization;
using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.People;

namespace PmoBot.Processes;

/// <summary>
/// The PMO's view of rollouts: <c>rollout process [version]</c> (rates per state and business unit, who is overdue),
/// <c>rollout remind ‹process›</c> (everyone not yet acknowledged, through the outbox) and <c>rollout export ‹process›
/// [version]</c> (the list as CSV in the chat).
/// </summary>
public sealed class RolloutCommands(
    ProcessLibrary library,
    RolloutStore store,
    IRolloutSignal signal,
    Outbox outbox,
    IOptions<ProcessesOptions> options,
    TimeProvider time) : ICommandModule
{
    public const string RolloutCommand = "rollout";
    public const string RemindCommand = "rollout remind";
    public const string ExportCommand = "rollout export";

    /// <summary>A CSV up to this long comes as one message; a longer one in several, each a CSV of its own (Teams takes about 28 KB a message).</summary>
    public const int MaxCsvMessageLength = 20_000;

    public IEnumerable<CommandDefinition> Commands =>
    [
        new(RolloutCommand, "rollout ‹process› [version]", "Who has acknowledged a process version: rates per state and business unit, who is overdue", Roles.PmoOrAdmin, ShowAsync),
        new(RemindCommand, "rollout remind ‹process›", "Remind everyone who has not acknowledged the current version yet", Roles.PmoOrAdmin, RemindAsync),
        new(ExportCommand, "rollout export ‹process› [version]", "The rollout's people and their state as a CSV file (in personal chat; as CSV text elsewhere)", Roles.PmoOrAdmin, ExportAsync),
    ];

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var (rollout, refusal) = await FindAsync(request.Arguments, RolloutCommand, request.Caller, cancellationToken);
        if (rollout is null)
        {
            return refusal!;
        }

        var people = await store.ListPeopleAsync(rollout.ProcessKey, rollout.Version, cancellationToken);
        return Reply.WithCard(RolloutCards.Status(rollout, people, time.GetUtcNow(), request.Caller), $"Rollout of {rollout.Title}.");
    }

    private async Task<Reply> RemindAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var (rollout, refusal) = await FindAsync(request.Arguments, RemindCommand, request.Caller, cancellationToken);
        if (rollout is null)
        {
            return refusal!;
        }

        if (!rollout.IsOpen)
        {
            return Reply.Message($"The rollout of {rollout.Title} is closed ({rollout.CloseReason}), so nobody is reminded of it.");
        }

        var now = time.GetUtcNow();
        var interval = options.Value.ManualReminderInterval;
        if (rollout.LastManualRoundAt is { } last && now - last < interval)
        {
            return Reply.Message($"The PMO reminded everyone pending about {rollout.Title} at {ProcessText.When(last, request.Caller)}; the next reminder can go from {ProcessText.When(last + interval, request.Caller)}, so people are not reminded twice in a row. Nothing was sent.");
        }

        var pending = (await store.ListPeopleAsync(rollout.ProcessKey, rollout.Version, cancellationToken)).Where(p => !p.IsAcknowledged).ToList();
        if (pending.Count == 0)
        {
            return Reply.Message($"Everyone has acknowledged {rollout.Title}: there is nobody to remind.");
        }

        var updated = await store.UpdateAsync(
            rollout.ProcessKey,
            rollout.Version,
            r => r.LastManualRoundAt is { } at && now - at < interval ? null : r with { ManualRounds = r.ManualRounds + 1, LastManualRoundAt = now },
            cancellationToken);
        if (updated is null || updated.LastManualRoundAt != now)
        {
            return Reply.Message($"Someone reminded everyone pending about {rollout.Title} a moment ago, so nothing more was sent.");
        }

        signal.RolloutsChanged();
        var overdue = pending.Count(p => p.StateAt(rollout, now) == AcknowledgementState.Overdue);
        return Reply.Message($"Reminding {ProcessText.Count(pending.Count, "person who has", "people who have")} not acknowledged {rollout.Title}{(overdue > 0 ? $" ({overdue} overdue)" : string.Empty)}: each gets the card again in their personal chat. **{RolloutCommand} {rollout.ProcessKey}** shows who confirms.");
    }

    private async Task<Reply> ExportAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var (rollout, refusal) = await FindAsync(request.Arguments, ExportCommand, request.Caller, cancellationToken);
        if (rollout is null)
        {
            return refusal!;
        }

        var now = time.GetUtcNow();
        var people = await store.ListPeopleAsync(rollout.ProcessKey, rollout.Version, cancellationToken);
        if (request.Conversation == ConversationKind.Personal)
        {
            // Teams sends a bot's files only in personal chat; elsewhere the list comes as text, as before.
            var acknowledged = people.Count(p => p.IsAcknowledged);
            return Reply.WithFile(
                RolloutCsvExport.Offer(rollout, people, now),
                $"{RolloutCsvExport.FileName(rollout)}: {ProcessText.Count(people.Count, "person", "people")} ({acknowledged.ToString(CultureInfo.InvariantCulture)} acknowledged, {(people.Count - acknowledged).ToString(CultureInfo.InvariantCulture)} not yet). Accept it below and Teams saves it to your OneDrive.");
        }

        var csv = RolloutCsv.Build(rollout, people, now);
        var pieces = RolloutCsv.Split(csv, MaxCsvMessageLength);
        var title = $"{rollout.Title}, {ProcessText.Count(people.Count, "person", "people")} as of {now.UtcDateTime.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} UTC";
        if (pieces.Count == 1)
        {
            return Reply.Message($"**{title}** (copy it into a .csv file):\n\n{CodeBlock(csv)}");
        }

        if (request.ConversationKey is null)
        {
            return Reply.Message($"The list of {rollout.Title} is too long for one message, and I can't tell which chat to send the parts to. Type the command in your personal chat with me.");
        }

        // Too long for one message: the parts go through the outbox, which keeps to Teams' limits for this chat.
        var target = new DeliveryTarget(request.Conversation, request.ConversationKey);
        var export = $"rollout-export|{rollout.ProcessKey}|v{rollout.Version}|{request.ConversationKey}|{now.UtcTicks}";
        for (var i = 0; i < pieces.Count; i++)
        {
            await outbox.EnqueueAsync(new DeliveryRequest($"{export}|{i + 1}", target, $"**{title}**, part {i + 1} of {pieces.Count}:\n\n{CodeBlock(pieces[i])}"), cancellationToken);
        }

        return Reply.Message($"The list of {rollout.Title} has {ProcessText.Count(people.Count, "person", "people")}, too many for one message: it follows in {pieces.Count} parts, each a CSV with the header line.");
    }

    private static string CodeBlock(string csv) => $"```\n{csv}```";

    /// <summary>The rollout the arguments name: the process, and optionally a version number after it (else the newest rollout).</summary>
    private async Task<(Rollout? Rollout, Reply? Refusal)> FindAsync(string arguments, string command, PmoUser caller, CancellationToken cancellationToken)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var search = await library.FindAsync(arguments, cancellationToken);
        int? version = null;
        if (search is not ProcessSearch.Found && words.Length > 1 && int.TryParse(words[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            var withoutVersion = await library.FindAsync(string.Join(' ', words[..^1]), cancellationToken);
            if (withoutVersion is ProcessSearch.Found)
            {
                (search, version) = (withoutVersion, number);
            }
        }

        if (ProcessCommands.NotFound(search, command, caller) is { } refusal)
        {
            return (null, refusal);
        }

        var process = ((ProcessSearch.Found)search).Process.Process;
        var rollout = version is { } v
            ? await store.GetAsync(process.Key, v, cancellationToken)
            : (await store.ListForProcessAsync(process.Key, cancellationToken)) is { Count: > 0 } all ? all[0] : null;
        if (rollout is not null)
        {
            return (rollout, null);
        }

        if (version is { } unknown && await library.VersionAsync(process.Key, unknown, cancellationToken) is null)
        {
            var versions = await library.VersionsAsync(process.Key, cancellationToken);
            return (null, Reply.Message(versions.Count == 0
                ? $"{process.Name} has no version {unknown}: none is published yet."
                : $"{process.Name} has no version {unknown}. Its versions: {string.Join(", ", versions.OrderBy(v => v.Number).Select(v => $"{v.Number} (effective {ProcessText.Date(v.EffectiveDate)})"))}."));
        }

        return (null, Reply.Message(version is { } asked
            ? $"Version {asked} of {process.Name} was not rolled out for acknowledgement. Type **{ProcessCommands.ShowCommand} {process.Key}** for its versions."
            : $"No version of {process.Name} has been rolled out for acknowledgement yet. Publish one with **{ProcessCommands.PublishCommand} {process.Key}** and switch on \"must acknowledge\"."));
    }
}

/// <summary><b>I have read and understood</b>: records the acknowledgement and answers with the card showing it done.</summary>
public sealed class AcknowledgeCardAction(Acknowledgements acknowledgements) : ICardActionHandler
{
    public string Verb => RolloutCards.AcknowledgeVerb;

    /// <summary>Anyone a version was rolled out to, role or not: the rollout's own rows say who may acknowledge.</summary>
    public IReadOnlySet<Role> AllowedRoles { get; } = new HashSet<Role>();

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var key = request.Field(RolloutCards.ProcessField);
        if (key is null || !int.TryParse(request.Field(RolloutCards.VersionField), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return Reply.Message("That button did not say which process version it was for, so nothing was recorded. Type **processes** to find the process.");
        }

        if (request.Conversation != ConversationKind.Personal)
        {
            return Reply.Message("Acknowledging is personal: use the card in your personal chat with PmoBot. Nothing was recorded.");
        }

        var card = request.Field(RolloutCards.CardField) ?? string.Empty;
        return await acknowledgements.AcknowledgeAsync(request.Caller, key, version, card, cancellationToken) switch
        {
            AcknowledgeResult.Done done => Reply.WithCard(
                RolloutCards.Personal(done.Rollout, new RolloutCard(card), done.Acknowledgement),
                done.Changed ? $"Thank you: {done.Rollout.Title} acknowledged." : $"You had already acknowledged {done.Rollout.Title}."),
            AcknowledgeResult.NotInRollout missing => Reply.Message($"{missing.Rollout.Title} was not sent to you for acknowledgement, so nothing was recorded. Ask the PMO if it should have been."),
            _ => Reply.Message("That process version is not being rolled out any more, so nothing was recorded. Type **processes** to see the current versions."),
        };
    }
}
