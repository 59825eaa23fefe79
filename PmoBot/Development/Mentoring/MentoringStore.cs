using System.Globalization;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Development.Mentoring;

/// <summary>
/// Table <c>MentoringPairs</c>: PartitionKey <c>pairs</c>, RowKey the pair id: every pair is one partition query
/// (the PMO's overview and the monthly sweep). Table <c>MentoringCheckIns</c>: PartitionKey the pair id, RowKey
/// <c>{month, 3 digits}|{side}</c>: a pair's record is one partition; answering again replaces the answer.
/// </summary>
public sealed class MentoringStore(TableServiceClient service)
{
    public const string PairsTable = "MentoringPairs";
    public const string CheckInsTable = "MentoringCheckIns";
    private const string Partition = "pairs";

    private readonly TableClient pairs = service.GetTableClient(PairsTable);
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

    public async Task<MentoringPair?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await pairs.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id), cancellationToken: cancellationToken);
        return entity.HasValue ? PairOf(entity.Value!) : null;
    }

    public Task<IReadOnlyList<MentoringPair>> ListAsync(CancellationToken cancellationToken) =>
        pairs.QueryPartitionAsync<TableEntity, MentoringPair>(Partition, PairOf, cancellationToken);

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
        e.GetDateTimeOffset(nameof(MentoringPair.CreatedAt)) ?? DateTimeOffset.MinValue);

    private static MentoringCheckIn CheckInOf(TableEntity e) => new(
        e.GetString(nameof(MentoringCheckIn.PairId)),
        e.GetInt32(nameof(MentoringCheckIn.Month)) ?? 0,
        Enum.TryParse<MentoringSide>(e.GetString(nameof(MentoringCheckIn.Side)), out var side) ? side : MentoringSide.Mentee,
        e.GetBoolean(nameof(MentoringCheckIn.Met)) ?? false,
        e.GetString(nameof(MentoringCheckIn.Notes)) ?? string.Empty,
        e.GetDateTimeOffset(nameof(MentoringCheckIn.AnsweredAt)) ?? DateTimeOffset.MinValue);
}
