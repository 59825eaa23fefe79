using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Processes;

/// <summary><c>processes</c>, <c>process name</c>, and the PMO's <c>process add</c>, <c>process edit</c> and <c>process publish</c>.</summary>
public sealed class ProcessCommands(ProcessLibrary library, AnnouncementChannels channels, TimeProvider time, PendingAcknowledgements? pending = null) : ICommandModule
{
    public const string ListCommand = "processes";
    public const string ShowCommand = "process";
    public const string AddCommand = "process add";
    public const string EditCommand = "process edit";
    public const string PublishCommand = "process publish";

    /// <summary>Who may type <see cref="ListCommand"/>: a hint names it only to them.</summary>
    public static readonly IReadOnlySet<Role> ListRoles = ProjectAccess.AnyRole;

    public IEnumerable<CommandDefinition> Commands =>
    [
        new(ListCommand, ListCommand, "The PMO's process library: each process, its owner and current version", ListRoles, ListAsync),
        new(ShowCommand, "process ‹name›", "One process: its current version, what changed, its document and history", ProjectAccess.AnyRole, ShowAsync),
        new(AddCommand, AddCommand, "Add a process to the library with a form", Roles.PmoOrAdmin, AddAsync),
        new(EditCommand, "process edit ‹name›", "Change a process's owner, summary, document, knowledge areas or stages", Roles.PmoOrAdmin, EditAsync),
        new(PublishCommand, "process publish ‹name›", "Publish a new version of a process (and roll it out if PMs must acknowledge it)", Roles.PmoOrAdmin, PublishAsync),
    ];

    /// <summary>The answer for a name that found no single process; null when it found one.</summary>
    /// <param name="caller">Who typed it: the answer names <see cref="ListCommand"/> only to someone who may use it.</param>
    /// <param name="kept">What was typed after the process (<c>: add a pre-mortem</c>): a typo hint offers the whole command with it.</param>
    public static Reply? NotFound(ProcessSearch search, string command, PmoUser caller, string? kept = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var mayList = caller.HasAny(ListRoles);
        string Retyped(ProcessDefinition p) => kept is null ? $"{command} {p.Key}" : $"{command} {p.Name.ToLowerInvariant()}{kept}";
        return search switch
        {
            ProcessSearch.Found => null,
            ProcessSearch.NotFound { Query.Length: 0 } => Reply.Message($"Which process? Type **{command}** and its name, e.g. **{command} risk management**." + (mayList ? $" **{ListCommand}** lists them." : string.Empty)),
            ProcessSearch.NotFound { Closest: { } closest } missing => Reply.Message($"There is no process called \"{missing.Query}\". Did you mean **{closest.Name}**? Type **{Retyped(closest)}**" + (mayList ? $", or **{ListCommand}** for the list." : ".")),
            ProcessSearch.NotFound missing => Reply.Message($"There is no process called \"{missing.Query}\". " + (mayList ? $"Type **{ListCommand}** to see the library." : "Ask the PMO for the process's name.")),
            ProcessSearch.Ambiguous ambiguous => Reply.Message($"\"{ambiguous.Query}\" could be {string.Join(" or ", ambiguous.Candidates.Select(c => $"**{c.Name}**"))}: type more of the name, e.g. **{Retyped(ambiguous.Candidates[0])}**."),
            _ => throw new InvalidOperationException("Unknown search result."),
        };
    }

    private async Task<Reply> ListAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Reply.WithCard(ProcessCards.List(await library.ListAsync(cancellationToken), request.Caller), "The process library.");

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var search = await library.FindAsync(request.Arguments, cancellationToken);
        if (NotFound(search, ShowCommand, request.Caller) is { } refusal)
        {
            return refusal;
        }

        var process = ((ProcessSearch.Found)search).Process.Process;

        // Someone who owes an acknowledgement of this process gets the card to confirm on (in personal chat, where
        // acknowledging is done): the one sent to them may never have arrived.
        if (pending is not null && request.Conversation == Conversations.ConversationKind.Personal
            && await pending.OfProcessAsync(request.Caller.UserKey, process.Key, cancellationToken) is { } owed)
        {
            var kind = pending.CardFor(owed);
            return Reply.WithCard(RolloutCards.Personal(owed, kind), RolloutCards.PersonalText(owed, kind));
        }

        return Reply.WithCard(ProcessCards.Process(process, await library.VersionsAsync(process.Key, cancellationToken), request.Caller), process.Name);
    }

    private static Task<Reply> AddAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Reply.WithCard(ProcessCards.Form(ProcessInput.Blank with { Name = request.Arguments.Trim() is { Length: > 0 } name ? name : null }), "Add a process."));

    private async Task<Reply> EditAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var search = await library.FindAsync(request.Arguments, cancellationToken);
        if (NotFound(search, EditCommand, request.Caller) is { } refusal)
        {
            return refusal;
        }

        var stored = ((ProcessSearch.Found)search).Process;
        return Reply.WithCard(ProcessCards.Form(ProcessInput.From(stored.Process), stored.Process.Key, stored.ETag), $"Edit {stored.Process.Name}.");
    }

    private async Task<Reply> PublishAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var search = await library.FindAsync(request.Arguments, cancellationToken);
        if (NotFound(search, PublishCommand, request.Caller) is { } refusal)
        {
            return refusal;
        }

        var process = ((ProcessSearch.Found)search).Process.Process;
        var versions = await library.VersionsAsync(process.Key, cancellationToken);
        var basedOn = versions.Count > 0 ? versions[0].Number : 0;
        // The publisher's today, as their date pickers show it and as the form's checks judge it.
        var today = UserTimeZones.DateAt(time.GetUtcNow(), request.Caller.TimeZone);
        return Reply.WithCard(VersionForm.Card(process, basedOn, VersionInput.Blank(today, versions.Count > 0 ? versions[0] : null), await channels.ListAsync(cancellationToken)), $"Publish version {basedOn + 1} of {process.Name}.");
    }
}
