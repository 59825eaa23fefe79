using System.Globalization;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Development.Certifications;

/// <summary>
/// Table <c>PduLog</c>: PartitionKey the person's user key, RowKey the entry id (<c>event|EV-7K3QX|PowerSkills</c> for
/// an attended event, <c>manual|{ticks}</c> for one logged by hand). A person's whole log is one partition query.
/// </summary>
public sealed class PduLogStore(TableServiceClient service)
{
    public const string TableName = "PduLog";

    private readonly TableClient table = service.GetTableClient(TableName);

    public Task<IReadOnlyList<PduEntry>> ListAsync(string userKey, CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<TableEntity, PduEntry>(TableKey.Escape(userKey), EntryOf, cancellationToken);

    /// <summary>Writes the entries (one person's, one transaction): writing the same ids again changes nothing.</summary>
    public Task UpsertAsync(IReadOnlyCollection<PduEntry> entries, CancellationToken cancellationToken) =>
        TableBatch.UpsertAsync(table, entries.Select(Entity), cancellationToken);

    public async Task RemoveAsync(string userKey, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            await table.DeleteIfExistsAsync(TableKey.Escape(userKey), TableKey.Escape(id), cancellationToken);
        }
    }

    private static TableEntity Entity(PduEntry e) => new(TableKey.Escape(e.UserKey), TableKey.Escape(e.Id))
    {
        [nameof(PduEntry.UserKey)] = e.UserKey,
        [nameof(PduEntry.Id)] = e.Id,
        [nameof(PduEntry.EarnedOn)] = e.EarnedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [nameof(PduEntry.Category)] = e.Category.ToString(),
        [nameof(PduEntry.Area)] = e.Area?.ToString(),
        [nameof(PduEntry.Units)] = e.Units.ToString(CultureInfo.InvariantCulture),
        [nameof(PduEntry.Activity)] = e.Activity,
        [nameof(PduEntry.LoggedAt)] = e.LoggedAt,
    };

    private static PduEntry EntryOf(TableEntity e) => new(
        e.GetString(nameof(PduEntry.UserKey)),
        e.GetString(nameof(PduEntry.Id)),
        DateOnly.ParseExact(e.GetString(nameof(PduEntry.EarnedOn)), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum.TryParse<PduCategory>(e.GetString(nameof(PduEntry.Category)), out var category) ? category : PduCategory.Education,
        Enum.TryParse<TalentArea>(e.GetString(nameof(PduEntry.Area)), out var area) ? area : null,
        decimal.Parse(e.GetString(nameof(PduEntry.Units)) ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture),
        e.GetString(nameof(PduEntry.Activity)) ?? string.Empty,
        e.GetDateTimeOffset(nameof(PduEntry.LoggedAt)) ?? DateTimeOffset.MinValue);
}
