using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Development.Events;

/// <summary>The counter row as read, with the ETag that guards the next commit.</summary>
public sealed record StoredCounts(RegistrationCounts Counts, ETag ETag);

/// <summary>
/// Table <c>EventRegistrations</c>: PartitionKey the event id; RowKey <c>counter</c> for the event's counts, and
/// <c>p|{user key}</c> for each person's one row. Every change commits the counter row (ETag <c>If-Match</c>) and the
/// changed people's rows in one entity-group transaction, so the counts and the rows never disagree and two writers
/// can never both take the last seat: the second one's counter ETag is stale and its whole transaction fails.
/// </summary>
public sealed class RegistrationStore(TableServiceClient service)
{
    public const string TableName = "EventRegistrations";
    private const string CounterRow = "counter";
    private const string PersonPrefix = "p|";

    private readonly TableClient table = service.GetTableClient(TableName);

    public static string RowKeyOf(string userKey) => PersonPrefix + TableKey.Escape(userKey);

    public async Task<StoredCounts?> GetCountsAsync(string eventId, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(eventId, CounterRow, cancellationToken: cancellationToken);
        return entity.HasValue ? new StoredCounts(CountsOf(entity.Value!), entity.Value!.ETag) : null;
    }

    public async Task<Registration?> GetAsync(string eventId, string userKey, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RowKeyOf(userKey), cancellationToken: cancellationToken);
        return entity.HasValue ? RegistrationOf(entity.Value!) : null;
    }

    /// <summary>The rows of the given people (those who have one), read in parallel.</summary>
    public async Task<Dictionary<string, Registration>> GetManyAsync(string eventId, IEnumerable<string> userKeys, CancellationToken cancellationToken)
    {
        var rows = await Task.WhenAll(userKeys.Distinct(StringComparer.Ordinal).Select(key => GetAsync(eventId, key, cancellationToken)));
        return rows.OfType<Registration>().ToDictionary(r => r.UserKey, StringComparer.Ordinal);
    }

    /// <summary>Everyone with a row for the event (or only those in <paramref name="statuses"/>): one partition query.</summary>
    public async Task<IReadOnlyList<Registration>> ListAsync(string eventId, CancellationToken cancellationToken, params RegistrationStatus[] statuses)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey gt {PersonPrefix} and RowKey lt {"p}"}");
        if (statuses.Length > 0)
        {
            filter += " and (" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToString()}"))) + ")";
        }

        var rows = new List<Registration>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(RegistrationOf(entity));
        }

        return rows.OrderBy(r => r.Seq).ToList();
    }

    /// <summary>How many are ahead of <paramref name="seq"/> on the waitlist, plus one: the person's place in it.</summary>
    public async Task<int> WaitlistPlaceAsync(string eventId, long seq, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey gt {PersonPrefix} and RowKey lt {"p}"} and Status eq {nameof(RegistrationStatus.Waitlisted)} and Seq lt {seq}");
        var ahead = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ahead++;
        }

        return ahead + 1;
    }

    /// <summary>
    /// Writes the counts and the changed rows in one transaction, if the counter is still as <paramref name="read"/>
    /// saw it (or still absent when it was). False when someone else committed in between: nothing was written.
    /// </summary>
    public async Task<bool> CommitAsync(string eventId, StoredCounts? read, RegistrationCounts counts, IReadOnlyCollection<Registration> changed, CancellationToken cancellationToken)
    {
        if (changed.Count + 1 > TableBatch.MaxOperationsPerTransaction)
        {
            throw new ArgumentException($"At most {TableBatch.MaxOperationsPerTransaction - 1} rows change in one commit.", nameof(changed));
        }

        var counter = CounterEntity(eventId, counts);
        var actions = new List<TableTransactionAction>
        {
            read is null
                ? new TableTransactionAction(TableTransactionActionType.Add, counter)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, counter, read.ETag),
        };
        actions.AddRange(changed.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, PersonEntity(r))));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static TableEntity CounterEntity(string eventId, RegistrationCounts c) => new(eventId, CounterRow)
    {
        [nameof(RegistrationCounts.Registered)] = c.Registered,
        [nameof(RegistrationCounts.Waitlisted)] = c.Waitlisted,
        [nameof(RegistrationCounts.Interested)] = c.Interested,
        [nameof(RegistrationCounts.Cancelled)] = c.Cancelled,
        [nameof(RegistrationCounts.Attended)] = c.Attended,
        [nameof(RegistrationCounts.NoShow)] = c.NoShow,
        [nameof(RegistrationCounts.Version)] = c.Version,
        [nameof(RegistrationCounts.NextSeq)] = c.NextSeq,
        [nameof(RegistrationCounts.RecentTeamsIds)] = JsonSerializer.Serialize(c.RecentTeamsIds),
    };

    private static RegistrationCounts CountsOf(TableEntity e) => new(
        e.GetInt32(nameof(RegistrationCounts.Registered)) ?? 0,
        e.GetInt32(nameof(RegistrationCounts.Waitlisted)) ?? 0,
        e.GetInt32(nameof(RegistrationCounts.Interested)) ?? 0,
        e.GetInt32(nameof(RegistrationCounts.Cancelled)) ?? 0,
        e.GetInt32(nameof(RegistrationCounts.Attended)) ?? 0,
        e.GetInt32(nameof(RegistrationCounts.NoShow)) ?? 0,
        e.GetInt64(nameof(RegistrationCounts.Version)) ?? 0,
        e.GetInt64(nameof(RegistrationCounts.NextSeq)) ?? 1,
        JsonSerializer.Deserialize<List<string>>(e.GetString(nameof(RegistrationCounts.RecentTeamsIds)) ?? "[]") ?? []);

    private static TableEntity PersonEntity(Registration r) => new(r.EventId, RowKeyOf(r.UserKey))
    {
        [nameof(Registration.UserKey)] = r.UserKey,
        [nameof(Registration.Name)] = r.Name,
        [nameof(Registration.TeamsUserId)] = r.TeamsUserId,
        [nameof(Registration.Status)] = r.Status.ToString(),
        [nameof(Registration.Seq)] = r.Seq,
        [nameof(Registration.RespondedAt)] = r.RespondedAt,
        [nameof(Registration.PromotedAt)] = r.PromotedAt,
    };

    private static Registration RegistrationOf(TableEntity e) => new(
        e.PartitionKey,
        e.GetString(nameof(Registration.UserKey)),
        e.GetString(nameof(Registration.Name)) ?? string.Empty,
        e.GetString(nameof(Registration.TeamsUserId)),
        Enum.TryParse<RegistrationStatus>(e.GetString(nameof(Registration.Status)), out var status) ? status : RegistrationStatus.Cancelled,
        e.GetInt64(nameof(Registration.Seq)) ?? 0,
        e.GetDateTimeOffset(nameof(Registration.RespondedAt)) ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset(nameof(Registration.PromotedAt)));
}
