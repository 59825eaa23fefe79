using System.Globalization;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Development.Mentoring;

/// <summary>
/// Table <c>MentoringPairs</c>: PartitionKey <c>pairs</c>, RowKey the pair id: every pair is one partition query
/// (the PMO's overview and the monthly sweep). PartitionKey <c>active</c>, RowKey <c>{mentee key}|{mentor key}</c>,
/// naming the active pair's id: at most one active pair per mentor and mentee (inserted only if new, replaced by ETag
/// when the pair it names has ended, deleted when the pair ends). Table <c>MentoringCheckIns</c>: PartitionKey the pair id, RowKey
/// <c>{month, 3 digits}|{side}</c>: a pair's record is one partition; answering again replaces the answer.
/// </summary>
/// <param name="pairsTable">The pairs table's name (<see cref="PairsTable"/>; storage tests give their own).</param>
public sealed class MentoringStore(TableServiceClient service, string pairsTable = MentoringStore.PairsTable)
{
    public const string PairsTable = "MentoringPairs";
    public const string CheckInsTable = "MentoringCheckIns";
    private const string Partition = "pairs";
    private const string ActivePartition = "active";

    private readonly TableClient pairs = service.GetTableClient(pairsTable);
    private readonly TableClient checkIns = service.GetTableClient(CheckInsTable);

    /// <returns>False when the pair exists already (the same form sent twice).</returns>
    public async Task<bool> AddAsync(MentoringPair pair, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pair);
        try
        {
            await pairs.AddEntityAsync(Entity(pair), cancellationToken);
            return true;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Makes <paramref name="pair"/> the active pair of its mentor and mentee, unless another active pair holds them.
    /// </summary>
    /// <returns>The active pair already holding them, or null when <paramref name="pair"/> is now theirs.</returns>
    public async Task<MentoringPair?> ClaimAsync(MentoringPair pair, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var marker = Marker(pair);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await pairs.TryAddAsync(marker, cancellationToken))
            {
                return null;
            }

            var held = await pairs.GetEntityIfExistsAsync<TableEntity>(ActivePartition, marker.RowKey, cancellationToken: cancellationToken);
            if (!held.HasValue)
            {
                continue;
            }

            var holderId = held.Value!.GetString(nameof(MentoringPair.Id));
            if (holderId == pair.Id)
            {
                return null;
            }

            if (await GetAsync(holderId, cancellationToken) is { Active: true } holder)
            {
                return holder;
            }

            // The pair it names has ended (or was refused): the mentor and mentee are free again.
            try
            {
                await pairs.UpdateEntityAsync(marker, held.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return null;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Someone else changed it first: read it again.
            }
        }

        throw new InvalidOperationException($"The active pair of {pair.MentorKey} and {pair.MenteeKey} kept changing; try again.");
    }

    /// <summary>Removes a pair that was stored but refused (another active pair holds its mentor and mentee).</summary>
    public Task RemoveAsync(string id, CancellationToken cancellationToken) => pairs.DeleteIfExistsAsync(Partition, TableKey.Escape(id), cancellationToken);

    /// <summary>Marks the pair ended (by ETag, so a check-in or another PMO's end in between is not lost) and frees its mentor and mentee.</summary>
    /// <returns>The pair as it is now and whether this call ended it; null when there is no such pair.</returns>
    public async Task<(MentoringPair Pair, bool Ended)?> EndAsync(string id, string endedBy, DateOnly endedOn, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await pairs.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id), cancellationToken: cancellationToken);
            if (!stored.HasValue)
            {
                return null;
            }

            var entity = stored.Value!;
            var pair = PairOf(entity);
            if (!pair.Active)
            {
                return (pair, false);
            }

            entity[nameof(MentoringPair.Active)] = false;
            entity[nameof(MentoringPair.EndedOn)] = endedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            entity[nameof(MentoringPair.EndedBy)] = endedBy;
            try
            {
                await pairs.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 412 && attempt < 4)
            {
                continue;
            }

            await ReleaseAsync(pair, cancellationToken);
            return (PairOf(entity), true);
        }
    }

    private async Task ReleaseAsync(MentoringPair pair, CancellationToken cancellationToken)
    {
        var key = Marker(pair).RowKey;
        var held = await pairs.GetEntityIfExistsAsync<TableEntity>(ActivePartition, key, cancellationToken: cancellationToken);
        if (held.HasValue && held.Value!.GetString(nameof(MentoringPair.Id)) == pair.Id)
        {
            try
            {
                await pairs.DeleteEntityAsync(ActivePartition, key, held.Value.ETag, cancellationToken);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Already freed, or already naming a newer pair.
            }
        }
    }

    public async Task<MentoringPair?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await pairs.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id), cancellationToken: cancellationToken);
        return entity.HasValue ? PairOf(entity.Value!) : null;
    }

    public Task<IReadOnlyList<MentoringPair>> ListAsync(CancellationToken cancellationToken) =>
        pairs.QueryPartitionAsync<TableEntity, MentoringPair>(Partition, PairOf, cancellationToken);

    /// <summary>
    /// The active pairs in which <paramref name="menteeKey"/> is the mentee, the oldest first: the mentee's own markers
    /// (a range of the <c>active</c> partition, whose keys start with the mentee's) and a point read of each pair they
    /// name, so the cost is the mentee's mentors, not every pair ever made.
    /// </summary>
    public async Task<IReadOnlyList<MentoringPair>> ActiveForMenteeAsync(string menteeKey, CancellationToken cancellationToken)
    {
        var prefix = TableKey.Escape(menteeKey) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ActivePartition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        var active = new List<MentoringPair>();
        await foreach (var marker in pairs.QueryAsync<TableEntity>(filter, select: [nameof(MentoringPair.Id)], cancellationToken: cancellationToken))
        {
            // A marker may still name a pair just ended (its end frees the marker after marking the pair) or one refused.
            if (await GetAsync(marker.GetString(nameof(MentoringPair.Id)), cancellationToken) is { Active: true } pair && pair.MenteeKey == menteeKey)
            {
                active.Add(pair);
            }
        }

        return active.OrderBy(p => p.StartedOn).ToList();
    }

    public Task SaveCheckInAsync(MentoringCheckIn checkIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkIn);
        return checkIns.UpsertEntityAsync(
            new TableEntity(TableKey.Escape(checkIn.PairId), $"{checkIn.Month.ToString("000", CultureInfo.InvariantCulture)}|{checkIn.Side}")
            {
                [nameof(MentoringCheckIn.PairId)] = checkIn.PairId,
                [nameof(MentoringCheckIn.Month)] = checkIn.Month,
                [nameof(MentoringCheckIn.Side)] = checkIn.Side.ToString(),
                [nameof(MentoringCheckIn.Met)] = checkIn.Met,
                [nameof(MentoringCheckIn.Notes)] = checkIn.Notes,
                [nameof(MentoringCheckIn.AnsweredAt)] = checkIn.AnsweredAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public Task<IReadOnlyList<MentoringCheckIn>> ListCheckInsAsync(string pairId, CancellationToken cancellationToken) =>
        checkIns.QueryPartitionAsync<TableEntity, MentoringCheckIn>(TableKey.Escape(pairId), CheckInOf, cancellationToken);

    private static TableEntity Marker(MentoringPair p) => new(ActivePartition, TableKey.Escape($"{p.MenteeKey}|{p.MentorKey}"))
    {
        [nameof(MentoringPair.Id)] = p.Id,
    };

    private static TableEntity Entity(MentoringPair p) => new(Partition, TableKey.Escape(p.Id))
    {
        [nameof(MentoringPair.Id)] = p.Id,
        [nameof(MentoringPair.MentorKey)] = p.MentorKey,
        [nameof(MentoringPair.MentorName)] = p.MentorName,
        [nameof(MentoringPair.MenteeKey)] = p.MenteeKey,
        [nameof(MentoringPair.MenteeName)] = p.MenteeName,
        [nameof(MentoringPair.KnowledgeArea)] = p.KnowledgeArea,
        [nameof(MentoringPair.Goal)] = p.Goal,
        [nameof(MentoringPair.StartedOn)] = p.StartedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [nameof(MentoringPair.Active)] = p.Active,
        [nameof(MentoringPair.PairedBy)] = p.PairedBy,
        [nameof(MentoringPair.CreatedAt)] = p.CreatedAt,
    };

    private static MentoringPair PairOf(TableEntity e) => new(
        e.GetString(nameof(MentoringPair.Id)),
        e.GetString(nameof(MentoringPair.MentorKey)),
        e.GetString(nameof(MentoringPair.MentorName)) ?? string.Empty,
        e.GetString(nameof(MentoringPair.MenteeKey)),
        e.GetString(nameof(MentoringPair.MenteeName)) ?? string.Empty,
        e.GetString(nameof(MentoringPair.KnowledgeArea)) ?? string.Empty,
        e.GetString(nameof(MentoringPair.Goal)) ?? string.Empty,
        DateOnly.ParseExact(e.GetString(nameof(MentoringPair.StartedOn)), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        e.GetBoolean(nameof(MentoringPair.Active)) ?? true,
        e.GetString(nameof(MentoringPair.PairedBy)) ?? string.Empty,
        e.GetDateTimeOffset(nameof(MentoringPair.CreatedAt)) ?? DateTimeOffset.MinValue)
    {
        EndedOn = e.GetString(nameof(MentoringPair.EndedOn)) is { } ended ? DateOnly.ParseExact(ended, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        EndedBy = e.GetString(nameof(MentoringPair.EndedBy)),
    };

    private static MentoringCheckIn CheckInOf(TableEntity e) => new(
        e.GetString(nameof(MentoringCheckIn.PairId)),
        e.GetInt32(nameof(MentoringCheckIn.Month)) ?? 0,
        Enum.TryParse<MentoringSide>(e.GetString(nameof(MentoringCheckIn.Side)), out var side) ? side : MentoringSide.Mentee,
        e.GetBoolean(nameof(MentoringCheckIn.Met)) ?? false,
        e.GetString(nameof(MentoringCheckIn.Notes)) ?? string.Empty,
        e.GetDateTimeOffset(nameof(MentoringCheckIn.AnsweredAt)) ?? DateTimeOffset.MinValue);
}
