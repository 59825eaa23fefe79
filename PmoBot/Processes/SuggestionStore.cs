using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Processes;

/// <summary>
/// Table <c>ProcessSuggestions</c>: PartitionKey <c>suggestions</c>, RowKey the suggestion id. <c>suggestions</c> reads
/// the one partition (a backlog holds hundreds, not millions); one suggestion is a point read; triage is an ETag-guarded
/// update, so two PMO members pressing at once never lose either's step.
/// </summary>
public sealed class SuggestionStore(TableServiceClient service, string tableName = SuggestionStore.TableName)
{
    public const string TableName = "ProcessSuggestions";
    public const string Partition = "suggestions";

    private readonly TableClient table = service.GetTableClient(tableName);

    /// <returns>False when the id is taken.</returns>
    public async Task<bool> AddAsync(Suggestion suggestion, CancellationToken cancellationToken)
    {
        return await table.TryAddAsync(SuggestionEntity.From(suggestion), cancellationToken);
    }

    public async Task<Suggestion?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<SuggestionEntity>(Partition, TableKey.Escape(id.Trim().ToUpperInvariant()), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToSuggestion() : null;
    }

    public async Task<IReadOnlyList<Suggestion>> ListAsync(CancellationToken cancellationToken) =>
        (await table.QueryPartitionAsync<SuggestionEntity, Suggestion>(Partition, e => e.ToSuggestion(), cancellationToken))
            .OrderByDescending(s => s.SuggestedAt)
            .ToList();

    /// <summary>
    /// The open suggestions of one process, newest first: what a triage card offers to merge into. The filter runs in
    /// the table service, so a triage card carries those rows only, not the whole backlog.
    /// </summary>
    public async Task<IReadOnlyList<Suggestion>> ListOpenAsync(string processKey, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition} and ProcessKey eq {processKey} and State ne {nameof(SuggestionState.Rejected)} and State ne {nameof(SuggestionState.Merged)} and State ne {nameof(SuggestionState.Done)}");
        var open = new List<Suggestion>();
        await foreach (var entity in table.QueryAsync<SuggestionEntity>(filter, cancellationToken: cancellationToken))
        {
            open.Add(entity.ToSuggestion());
        }

        return open.OrderByDescending(s => s.SuggestedAt).ToList();
    }

    /// <summary>Applies <paramref name="change"/> under the row's ETag; null from it writes nothing. Null when there is no such suggestion.</summary>
    public async Task<Suggestion?> UpdateAsync(string id, Func<Suggestion, Suggestion?> change, CancellationToken cancellationToken)
    {
        var stored = await OptimisticConcurrency.UpdateAsync<SuggestionEntity>(
            table,
            Partition,
            TableKey.Escape(id.Trim().ToUpperInvariant()),
            entity => entity is null || change(entity.ToSuggestion()) is not { } updated ? null : SuggestionEntity.From(updated),
            cancellationToken);
        return stored?.ToSuggestion();
    }

    private sealed class SuggestionEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string ProcessKey { get; set; } = string.Empty;

        public string ProcessName { get; set; } = string.Empty;

        public string Text { get; set; } = string.Empty;

        public string Source { get; set; } = string.Empty;

        public string? SourceLink { get; set; }

        public string SuggestedByKey { get; set; } = string.Empty;

        public string SuggestedByName { get; set; } = string.Empty;

        public DateTimeOffset SuggestedAt { get; set; }

        public string State { get; set; } = string.Empty;

        public string? Reason { get; set; }

        public string? MergedInto { get; set; }

        public int? DoneInVersion { get; set; }

        public string Activity { get; set; } = "[]";

        public string Copies { get; set; } = "[]";

        public int CardVersion { get; set; }

        public string? SourceKey { get; set; }

        public static SuggestionEntity From(Suggestion s) => new()
        {
            RowKey = TableKey.Escape(s.Id),
            ProcessKey = s.ProcessKey,
            ProcessName = s.ProcessName,
            Text = s.Text,
            Source = s.Source.ToString(),
            SourceLink = s.SourceLink,
            SuggestedByKey = s.SuggestedByKey,
            SuggestedByName = s.SuggestedByName,
            SuggestedAt = s.SuggestedAt,
            State = s.State.ToString(),
            Reason = s.Reason,
            MergedInto = s.MergedInto,
            DoneInVersion = s.DoneInVersion,
            Activity = JsonSerializer.Serialize(s.Log),
            Copies = JsonSerializer.Serialize(s.CardCopies),
            CardVersion = s.CardVersion,
            SourceKey = s.SourceKey,
        };

        public Suggestion ToSuggestion() => new(
            TableKey.Unescape(RowKey),
            ProcessKey,
            ProcessName,
            Text,
            Enum.TryParse<SuggestionSource>(Source, out var source) ? source : SuggestionSource.Chat,
            SourceLink,
            SuggestedByKey,
            SuggestedByName,
            SuggestedAt,
            Enum.TryParse<SuggestionState>(State, out var state) ? state : SuggestionState.New,
            Reason,
            MergedInto,
            DoneInVersion,
            JsonSerializer.Deserialize<List<SuggestionActivity>>(Activity) ?? [],
            JsonSerializer.Deserialize<List<SuggestionCardCopy>>(Copies) ?? [],
            CardVersion,
            SourceKey);
    }
}
