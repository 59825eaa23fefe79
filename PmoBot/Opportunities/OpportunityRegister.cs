using Azure.Data.Tables;
using PmoBot.Projects;
using PmoBot.Storage;

namespace PmoBot.Opportunities;

public abstract record OpportunitySaveResult
{
    public sealed record Saved(StoredOpportunity Opportunity, bool Created) : OpportunitySaveResult;

    public sealed record Unchanged(StoredOpportunity Opportunity) : OpportunitySaveResult;

    public sealed record AlreadyExists(StoredOpportunity Existing) : OpportunitySaveResult;

    /// <summary>Someone saved the opportunity after the version the change was based on; nothing was written.</summary>
    public sealed record Conflict(StoredOpportunity Latest) : OpportunitySaveResult;

    public sealed record NotFound(string Code) : OpportunitySaveResult;

    /// <summary>The change does not apply to the opportunity as it stands (closed already, say); nothing was written.</summary>
    public sealed record Refused(StoredOpportunity Current, string Reason) : OpportunitySaveResult;
}

/// <summary>The pipeline: every change is a read-modify-write of the opportunity's row under its ETag.</summary>
public sealed class OpportunityRegister(OpportunityStore store, TimeProvider time)
{
    public Task<StoredOpportunity?> GetAsync(string code, CancellationToken cancellationToken) => store.GetAsync(code, cancellationToken);

    /// <summary>The opportunities <paramref name="view"/> shows, by code (one partition query).</summary>
    public async Task<IReadOnlyList<Opportunity>> ListVisibleAsync(OpportunityView view, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken)).Select(s => s.Opportunity).Where(view.CanSee).OrderBy(o => o.Code, ProjectText.CodeOrder).ToList();

    public async Task<IReadOnlyDictionary<string, StoredOpportunity>> ListStoredAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken)).ToDictionary(s => s.Opportunity.Code, StringComparer.OrdinalIgnoreCase);

    public Task<OpportunitySaveResult> CreateAsync(Opportunity opportunity, string by, CancellationToken cancellationToken) =>
        ChangeAsync(opportunity.Code, current => current is null ? opportunity : new OpportunitySaveResult.AlreadyExists(current), by, cancellationToken);

    /// <summary>Replaces the opportunity if it is still the version with <paramref name="expectedETag"/>.</summary>
    public Task<OpportunitySaveResult> UpdateAsync(Opportunity opportunity, string expectedETag, string by, CancellationToken cancellationToken) =>
        ChangeAsync(
            opportunity.Code,
            current => current switch
            {
                null => new OpportunitySaveResult.NotFound(opportunity.Code),
                _ when current.ETag != expectedETag => new OpportunitySaveResult.Conflict(current),
                _ when current.Opportunity == opportunity => new OpportunitySaveResult.Unchanged(current),
                _ => opportunity,
            },
            by,
            cancellationToken);

    /// <summary>
    /// Applies <paramref name="decide"/> to the stored version: it returns the opportunity to store, or the result to
    /// answer without storing anything. Repeated on a lost ETag race.
    /// </summary>
    public async Task<OpportunitySaveResult> ChangeAsync(string code, Func<StoredOpportunity?, OneOf> decide, string by, CancellationToken cancellationToken)
    {
        StoredOpportunity? before = null;
        OpportunitySaveResult? refusal = null;
        var after = await store.UpdateAsync(
            code,
            current =>
            {
                before = current;
                var next = decide(current);
                refusal = next.Refusal;
                return next.Next;
            },
            Stamp(by),
            cancellationToken);
        return refusal ?? new OpportunitySaveResult.Saved(after!, Created: before is null);
    }

    /// <summary>Creates or replaces each opportunity with what the file says, 100 per transaction; a failed transaction is redone row by row.</summary>
    public async Task<IReadOnlyDictionary<string, ImportOutcome>> ImportAsync(
        IReadOnlyList<Opportunity> incoming, IReadOnlyDictionary<string, StoredOpportunity> stored, string by, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, ImportOutcome>(StringComparer.OrdinalIgnoreCase);
        var writes = new List<(Opportunity Opportunity, string? ETag)>();
        foreach (var opportunity in incoming)
        {
            var before = stored.GetValueOrDefault(opportunity.Code);
            outcomes[opportunity.Code] = before is null ? ImportOutcome.Created : before.Opportunity == opportunity ? ImportOutcome.Unchanged : ImportOutcome.Updated;
            if (outcomes[opportunity.Code] != ImportOutcome.Unchanged)
            {
                writes.Add((opportunity, before?.ETag));
            }
        }

        foreach (var chunk in writes.Chunk(TableBatch.MaxOperationsPerTransaction))
        {
            try
            {
                await store.SubmitAsync(chunk, Stamp(by), cancellationToken);
            }
            catch (TableTransactionFailedException)
            {
                foreach (var (opportunity, _) in chunk)
                {
                    var result = await ChangeAsync(opportunity.Code, current => current is not null && current.Opportunity == opportunity ? new OpportunitySaveResult.Unchanged(current) : opportunity, by, cancellationToken);
                    outcomes[opportunity.Code] = result switch
                    {
                        OpportunitySaveResult.Saved { Created: true } => ImportOutcome.Created,
                        OpportunitySaveResult.Saved => ImportOutcome.Updated,
                        _ => ImportOutcome.Unchanged,
                    };
                }
            }
        }

        return outcomes;
    }

    private ChangeStamp Stamp(string by) => new(by, time.GetUtcNow());

    /// <summary>What a change decides: the opportunity to store, or the answer without storing.</summary>
    public readonly record struct OneOf(Opportunity? Next, OpportunitySaveResult? Refusal)
    {
        public static implicit operator OneOf(Opportunity next) => new(next, null);

        public static implicit operator OneOf(OpportunitySaveResult refusal) => new(null, refusal);
    }
}
