using System.Text.Json.Nodes;
using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.People;

namespace PmoBot.Processes;

/// <summary>What a triage step did: the suggestion and its card as they are now, or why nothing changed.</summary>
public abstract record TriageResult
{
    public sealed record Done(Suggestion Suggestion, JsonObject Card) : TriageResult;

    /// <param name="Card">The card as it stands, when there is a suggestion to show.</param>
    public sealed record Refused(string Message, JsonObject? Card = null) : TriageResult;
}

/// <summary>
/// The improvement backlog: a suggestion is stored, the PMO gets its triage card where PMO alerts go (the channel chosen
/// with <c>alerts here</c>, or each PMO member), and every step (accept, reject with a reason, merge, done in a version)
/// updates every copy of that card in place and tells the suggester, all through the outbox.
/// </summary>
public sealed partial class SuggestionBox(SuggestionStore store, ProcessLibrary library, PmoNotifier notifier, Outbox outbox, TimeProvider time, ILogger<SuggestionBox> logger)
{
    public const int MinTextLength = 5;
    public const int MaxReasonLength = 500;

    public static string CardKey(string id) => $"process-suggestion|{id}";

    /// <summary>The problem with a suggestion's text, or null when it can be taken.</summary>
    public static string? TextProblem(string? text) => (text?.Trim().Length ?? 0) switch
    {
        < MinTextLength => $"Say what should change, in at least {MinTextLength} characters.",
        > SuggestionCards.MaxTextLength => $"That is {text!.Trim().Length:N0} characters; keep a suggestion to {SuggestionCards.MaxTextLength:N0} (link the detail).",
        _ => null,
    };

    public async Task<Suggestion> SuggestAsync(ProcessDefinition process, string text, SuggestionSource source, string? link, PmoUser by, CancellationToken cancellationToken) =>
        (await AddAsync(process, text, source, link, by, null, cancellationToken)).Suggestion;

    /// <summary>
    /// A suggestion whose submit may come again (Teams repeats a message action's submit; a double click sends it
    /// twice): the suggestion takes its id from <paramref name="sourceKey"/>, so the second finds the first.
    /// </summary>
    /// <returns>The suggestion, and false when it was there already (nothing new was created).</returns>
    public Task<(Suggestion Suggestion, bool IsNew)> SuggestOnceAsync(ProcessDefinition process, string text, SuggestionSource source, string? link, PmoUser by, string sourceKey, CancellationToken cancellationToken) =>
        AddAsync(process, text, source, link, by, sourceKey, cancellationToken);

    private async Task<(Suggestion Suggestion, bool IsNew)> AddAsync(ProcessDefinition process, string text, SuggestionSource source, string? link, PmoUser by, string? sourceKey, CancellationToken cancellationToken)
    {
        var suggestion = new Suggestion(sourceKey is null ? Suggestion.NewId() : Suggestion.IdFor(sourceKey), process.Key, process.Name, text.Trim(), source, link, by.UserKey, by.Name, time.GetUtcNow(), SourceKey: sourceKey);
        while (!await store.AddAsync(suggestion, cancellationToken))
        {
            if (sourceKey is not null && await store.GetAsync(suggestion.Id, cancellationToken) is { } existing && existing.SourceKey == sourceKey)
            {
                // Its card was not posted if the first submit stopped before that: posting now goes where it would have.
                return (existing is { State: SuggestionState.New, CardCopies.Count: 0 } ? await PostAsync(existing, cancellationToken) : existing, false);
            }

            suggestion = suggestion with { Id = Suggestion.NewId() };
        }

        LogSuggested(suggestion.Id, process.Key, by.UserKey);
        return (await PostAsync(suggestion, cancellationToken), true);
    }

    private async Task<Suggestion> PostAsync(Suggestion suggestion, CancellationToken cancellationToken)
    {
        var key = CardKey(suggestion.Id);
        var posted = await notifier.NotifyAsync(key, SuggestionCards.TriageText(suggestion), await CardAsync(suggestion, cancellationToken), cancellationToken);
        var copies = posted.Select(p => new SuggestionCardCopy(p.Target.Kind, p.Target.Key, p.IdempotencyKey)).ToList();
        return await store.UpdateAsync(suggestion.Id, s => s with { Copies = copies }, cancellationToken) ?? suggestion;
    }

    /// <summary>The triage card of the suggestion as it stands, with the suggestions it could merge into and the versions that could carry it.</summary>
    /// <param name="refusal">Shown at the top in the warning colour: why the step just pressed changed nothing.</param>
    public async Task<JsonObject> CardAsync(Suggestion suggestion, CancellationToken cancellationToken, string? refusal = null)
    {
        var targets = suggestion.IsSettled
            ? []
            : (await store.ListOpenAsync(suggestion.ProcessKey, cancellationToken)).Where(s => s.Id != suggestion.Id).ToList();
        var versions = suggestion.IsSettled ? [] : (await library.VersionsAsync(suggestion.ProcessKey, cancellationToken)).Where(v => CanCarry(v, suggestion)).ToList();
        return SuggestionCards.Triage(suggestion, targets, versions, refusal);
    }

    public async Task<TriageResult> TriageAsync(PmoUser caller, string id, SuggestionState to, string? reason, string? target, int? version, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(id, cancellationToken);
        if (current is null)
        {
            return new TriageResult.Refused($"There is no suggestion {CommandText.Echoed(id)}. Type **{SuggestionCommands.ListCommand}** to see the backlog.");
        }

        if (Problem(current, to, reason, target, version) is { } problem)
        {
            return new TriageResult.Refused(problem, await CardAsync(current, cancellationToken, problem));
        }

        Suggestion? mergeTarget = null;
        if (to == SuggestionState.Merged)
        {
            mergeTarget = await store.GetAsync(target!, cancellationToken);
            if (mergeTarget is null || mergeTarget.ProcessKey != current.ProcessKey || mergeTarget.IsSettled || mergeTarget.Id == current.Id)
            {
                var notOpen = $"{target} is not an open suggestion for {current.ProcessName} to merge into; nothing changed.";
                return new TriageResult.Refused(notOpen, await CardAsync(current, cancellationToken, notOpen));
            }
        }

        if (to == SuggestionState.Done)
        {
            var carrying = await library.VersionAsync(current.ProcessKey, version!.Value, cancellationToken);
            var notCarried = carrying is null ? $"{current.ProcessName} has no version {version}; nothing changed."
                : !CanCarry(carrying, current) ? $"Version {version} of {current.ProcessName} was published before {current.Id} was suggested, so it cannot have carried it. "
                    + ((await library.VersionsAsync(current.ProcessKey, cancellationToken)).Any(v => CanCarry(v, current)) ? "Pick a version published after the suggestion." : SuggestionCards.PublishFirst(current))
                    + " Nothing changed."
                : null;
            if (notCarried is not null)
            {
                return new TriageResult.Refused(notCarried, await CardAsync(current, cancellationToken, notCarried));
            }
        }

        var now = time.GetUtcNow();
        var applied = false;
        var updated = await store.UpdateAsync(
            current.Id,
            s =>
            {
                // The last call decides: a lost ETag race calls this again on what the other press stored.
                applied = Problem(s, to, reason, target, version) is null;
                return applied ? Apply(s, to, reason?.Trim(), mergeTarget?.Id, version).Logged(now, caller.Name, What(to, reason?.Trim(), mergeTarget?.Id, version)) : null;
            },
            cancellationToken);
        if (updated is null || !applied)
        {
            var latest = updated ?? current;
            var raced = $"Someone else triaged {current.Id} a moment ago ({SuggestionCards.DescribeInSentence(latest)}); nothing changed.";
            return new TriageResult.Refused(raced, await CardAsync(latest, cancellationToken, raced));
        }

        if (mergeTarget is not null)
        {
            await store.UpdateAsync(mergeTarget.Id, s => s.Logged(now, caller.Name, $"{updated.Id} merged into this: {MessageText.Shorten(updated.Text, 80)}"), cancellationToken);
        }

        LogTriaged(updated.Id, to, caller.UserKey);
        await outbox.EnqueueAsync(
            new DeliveryRequest($"{CardKey(updated.Id)}|{to}", DeliveryTarget.PersonalChat(updated.SuggestedByKey), SuggestionCards.StepText(updated, caller.Name)),
            cancellationToken);
        await TellMergedAsync(updated, caller.Name, cancellationToken);
        var card = await CardAsync(updated, cancellationToken);
        foreach (var copy in updated.CardCopies)
        {
            await outbox.EnqueueAsync(
                new DeliveryRequest($"{copy.DeliveryKey}|v{updated.CardVersion}", new DeliveryTarget(copy.Kind, copy.TargetKey), SuggestionCards.TriageText(updated), card, Replaces: copy.DeliveryKey, Version: updated.CardVersion),
                cancellationToken);
        }

        return new TriageResult.Done(updated, card);
    }

    /// <summary>Only a version published after the suggestion was made can have carried it.</summary>
    public static bool CanCarry(ProcessVersion version, Suggestion suggestion) => version.Published.At >= suggestion.SuggestedAt;

    /// <summary>Those whose suggestions were merged into this one were promised to hear when it moves.</summary>
    private async Task TellMergedAsync(Suggestion moved, string byName, CancellationToken cancellationToken)
    {
        var merged = (await store.ListAsync(cancellationToken)).Where(s => s.State == SuggestionState.Merged && s.MergedInto == moved.Id && s.SuggestedByKey != moved.SuggestedByKey);
        foreach (var their in merged.DistinctBy(s => s.SuggestedByKey))
        {
            await outbox.EnqueueAsync(
                new DeliveryRequest($"{CardKey(their.Id)}|via|{moved.Id}|{moved.State}", DeliveryTarget.PersonalChat(their.SuggestedByKey), SuggestionCards.MergedStepText(their, moved, byName)),
                cancellationToken);
        }
    }

    private static string? Problem(Suggestion s, SuggestionState to, string? reason, string? target, int? version) => (s, to) switch
    {
        ({ IsSettled: true }, _) => $"{s.Id} is settled ({SuggestionCards.DescribeInSentence(s)}); nothing changed.",
        ({ State: SuggestionState.Accepted }, SuggestionState.Accepted) => $"{s.Id} is already accepted; nothing changed.",
        (_, SuggestionState.Rejected) when string.IsNullOrWhiteSpace(reason) => "Say why it is not taken up: the suggester is told. Nothing changed.",
        (_, SuggestionState.Rejected) when reason!.Trim().Length > MaxReasonLength => $"Keep the reason to {MaxReasonLength} characters. Nothing changed.",
        (_, SuggestionState.Merged) when string.IsNullOrWhiteSpace(target) => "Pick the suggestion to merge it into. Nothing changed.",
        (_, SuggestionState.Done) when version is null => "Pick the version that carried it. Nothing changed.",
        (_, SuggestionState.New) => "A suggestion cannot go back to new. Nothing changed.",
        _ => null,
    };

    private static Suggestion Apply(Suggestion s, SuggestionState to, string? reason, string? target, int? version) => to switch
    {
        SuggestionState.Rejected => s with { State = to, Reason = reason },
        SuggestionState.Merged => s with { State = to, MergedInto = target },
        SuggestionState.Done => s with { State = to, DoneInVersion = version },
        _ => s with { State = to },
    };

    private static string What(SuggestionState to, string? reason, string? target, int? version) => to switch
    {
        SuggestionState.Accepted => "accepted",
        SuggestionState.Rejected => $"not taken up: {reason}",
        SuggestionState.Merged => $"merged into {target}",
        _ => $"done in version {version}",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Suggestion {Id} for {ProcessKey} from {UserKey}")]
    private partial void LogSuggested(string id, string processKey, string userKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Suggestion {Id} {State} by {UserKey}")]
    private partial void LogTriaged(string id, SuggestionState state, string userKey);
}
