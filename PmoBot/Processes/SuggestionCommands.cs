using System.Globalization;
using PmoBot.Commands;
using PmoBot.Lessons;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Processes;

/// <summary><c>suggest ‹process›: ‹your idea›</c> (anyone), <c>suggestions [process] [state]</c>, and the PMO's <c>suggestion ‹id›</c> triage card.</summary>
public sealed class SuggestionCommands(SuggestionBox box, SuggestionStore store, ProcessLibrary library) : ICommandModule
{
    public const string SuggestCommand = "suggest";
    public const string ListCommand = "suggestions";
    public const string ShowCommand = "suggestion";

    /// <summary>Words for states in <c>suggestions</c>: the states' names, and <c>open</c> for new and accepted.</summary>
    public const string OpenWord = "open";

    public IEnumerable<CommandDefinition> Commands =>
    [
        new(SuggestCommand, "suggest ‹process›: ‹your idea›", "Suggest an improvement to a process, e.g. suggest risk management: add a pre-mortem", new HashSet<Role>(), SuggestAsync),
        new(ListCommand, "suggestions [process] [new, accepted, rejected, merged, done or open]", "The process improvement backlog, newest first", ProjectAccess.AnyRole, ListAsync),
        new(ShowCommand, "suggestion ‹id›", "One suggestion with its triage buttons: accept, reject, merge, done", Roles.PmoOrAdmin, ShowAsync),
    ];

    private async Task<Reply> SuggestAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var colon = request.Arguments.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return Reply.Message($"Type **{SuggestCommand}**, the process, a colon and your idea, e.g. **{SuggestCommand} risk management: review risks with the sponsor monthly**."
                + (request.Caller.HasAny(ProcessCommands.ListRoles) ? $" **{ProcessCommands.ListCommand}** lists the processes." : string.Empty));
        }

        var search = await library.FindAsync(request.Arguments[..colon], cancellationToken);
        var text = request.Arguments[(colon + 1)..].Trim();
        if (ProcessCommands.NotFound(search, SuggestCommand, request.Caller, $": {text}") is { } refusal)
        {
            return refusal;
        }

        if (SuggestionBox.TextProblem(text) is { } problem)
        {
            return Reply.Message($"{problem} Nothing was sent.");
        }

        var process = ((ProcessSearch.Found)search).Process.Process;
        var suggestion = await box.SuggestAsync(process, text, SuggestionSource.Chat, null, request.Caller, cancellationToken);
        return Reply.Message($"Thank you: your suggestion for {process.Name} is on the PMO's improvement backlog as **{suggestion.Id}**. You will hear here when it is accepted, merged, done or not taken up.");
    }

    private async Task<Reply> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        Func<Suggestion, bool> inState = _ => true;
        var stateName = string.Empty;
        if (words.Count > 0 && (string.Equals(words[^1], OpenWord, StringComparison.OrdinalIgnoreCase) || (Enum.TryParse<SuggestionState>(words[^1], ignoreCase: true, out _) && !int.TryParse(words[^1], out _))))
        {
            stateName = words[^1].ToLowerInvariant();
            inState = stateName == OpenWord ? s => !s.IsSettled : s => s.State == Enum.Parse<SuggestionState>(stateName, ignoreCase: true);
            words.RemoveAt(words.Count - 1);
        }

        ProcessDefinition? process = null;
        if (words.Count > 0)
        {
            var search = await library.FindAsync(string.Join(' ', words), cancellationToken);
            if (ProcessCommands.NotFound(search, ListCommand, request.Caller) is { } refusal)
            {
                return refusal;
            }

            process = ((ProcessSearch.Found)search).Process.Process;
        }

        var shown = (await store.ListAsync(cancellationToken)).Where(s => (process is null || s.ProcessKey == process.Key) && inState(s)).ToList();
        var title = $"{(stateName.Length == 0 ? string.Empty : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(stateName) + " ")}{(stateName.Length == 0 ? "Improvement suggestions" : "improvement suggestions")}{(process is null ? string.Empty : $" for {process.Name}")}";
        return Reply.WithCard(SuggestionCards.List(shown, title, request.Caller.HasAny(Roles.PmoOrAdmin)), title + ".");
    }

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var id = request.Arguments.Trim();
        if (id.Length == 0)
        {
            return Reply.Message($"Which suggestion? Type **{ShowCommand} ‹id›**, e.g. {ShowCommand} PS-4F2A9C, or **{ListCommand}** for the list.");
        }

        var suggestion = await store.GetAsync(id, cancellationToken);
        return suggestion is null
            ? Reply.Message($"There is no suggestion \"{CommandText.Echoed(id)}\". Type **{ListCommand}** to see the backlog with the ids.")
            : Reply.WithCard(await box.CardAsync(suggestion, cancellationToken), SuggestionCards.TriageText(suggestion));
    }
}

/// <summary>A triage button on the PMO's card: accept, reject (with the reason typed), merge (into the one picked), done (in the version picked).</summary>
public sealed class SuggestionTriageCardAction(SuggestionBox box, string verb, SuggestionState to) : ICardActionHandler
{
    public string Verb => verb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        if (request.Field(SuggestionCards.SuggestionField) is not { } id)
        {
            return Reply.Message("That button did not say which suggestion it was for, so nothing changed. Type **suggestions** to find it.");
        }

        int? version = int.TryParse(request.Field(SuggestionCards.VersionField), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
        return await box.TriageAsync(request.Caller, id, to, request.Field(SuggestionCards.ReasonField), request.Field(SuggestionCards.TargetField), version, cancellationToken) switch
        {
            TriageResult.Done done => Reply.WithCard(done.Card, $"{done.Suggestion.Id}: {SuggestionCards.DescribeInSentence(done.Suggestion)}; {done.Suggestion.SuggestedByName} is told."),
            TriageResult.Refused { Card: { } card } refused => Reply.WithCard(card, refused.Message),
            TriageResult.Refused refused => Reply.Message(refused.Message),
            _ => throw new InvalidOperationException("Unknown triage result."),
        };
    }
}

/// <summary>
/// The process owner's buttons on a lesson learned: add it to the backlog as a suggestion (once, however often pressed),
/// or leave it. The owner decides; the PMO may too.
/// </summary>
public sealed class LessonSuggestionCardAction(SuggestionBox box, SuggestionStore store, ProcessLibrary library, LessonStore lessons, bool add) : ICardActionHandler
{
    public string Verb => add ? SuggestionCards.FromLessonVerb : SuggestionCards.DismissLessonVerb;

    public IReadOnlySet<Role> AllowedRoles { get; } = new HashSet<Role>();

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var lesson = request.Field(SuggestionCards.LessonField) is { } lessonId ? await lessons.GetAsync(lessonId, cancellationToken) : null;
        var process = request.Field(SuggestionCards.ProcessField) is { } key ? (await library.GetAsync(key, cancellationToken))?.Process : null;
        if (lesson is null || process is null)
        {
            return Reply.Message("That lesson or process is no longer there, so nothing changed.");
        }

        if (!string.Equals(request.Caller.UserKey, process.Owner.UserKey, StringComparison.OrdinalIgnoreCase) && !request.Caller.HasAny(Roles.PmoOrAdmin))
        {
            return Reply.Message($"This is for {process.Owner.Name}, the owner of {process.Name}, or the PMO. Nothing changed.");
        }

        if (!add)
        {
            return Reply.WithCard(SuggestionCards.LessonProposal(lesson, process, $"Left out of the backlog by {request.Caller.Name}."), "Left out of the backlog.");
        }

        var existing = (await store.ListAsync(cancellationToken)).FirstOrDefault(s => s.Source == SuggestionSource.Lesson && s.SourceLink == lesson.Id && s.ProcessKey == process.Key);
        var suggestion = existing ?? await box.SuggestAsync(process, SuggestionCards.FromLesson(lesson), SuggestionSource.Lesson, lesson.Id, request.Caller, cancellationToken);
        return Reply.WithCard(SuggestionCards.LessonProposal(lesson, process, $"On the improvement backlog as {suggestion.Id}."), $"Added to the backlog as {suggestion.Id}.");
    }
}
