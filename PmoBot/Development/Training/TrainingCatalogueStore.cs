using System.Globalization;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Development.Training;

/// <summary>Table <c>TrainingCatalogue</c>: PartitionKey <c>catalogue</c>, RowKey the programme id. The whole catalogue is one partition query; imports write it in transactions of 100.</summary>
public sealed class TrainingCatalogueStore(TableServiceClient service)
{
    public const string TableName = "TrainingCatalogue";
    private const string Partition = "catalogue";

    private readonly TableClient table = service.GetTableClient(TableName);

    public Task<IReadOnlyList<Programme>> ListAsync(CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<TableEntity, Programme>(Partition, ProgrammeOf, cancellationToken);

    public async Task<Programme?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var normalized = TrainingText.NormalizeId(id);
        if (!TrainingText.IsId(normalized))
        {
            return null;
        }

        var entity = await table.GetEntityIfExistsAsync<TableEntity>(Partition, normalized, cancellationToken: cancellationToken);
        return entity.HasValue ? ProgrammeOf(entity.Value!) : null;
    }

    public Task<int> UpsertAsync(IEnumerable<Programme> programmes, CancellationToken cancellationToken) =>
        TableBatch.UpsertAsync(table, programmes.Select(Entity), cancellationToken);

    private static TableEntity Entity(Programme p) => new(Partition, p.Id)
    {
        [nameof(Programme.Title)] = p.Title,
        [nameof(Programme.KnowledgeArea)] = p.KnowledgeArea,
        [nameof(Programme.Level)] = p.Level.ToString(),
        [nameof(Programme.Format)] = p.Format.ToString(),
        [nameof(Programme.DurationHours)] = p.DurationHours.ToString(CultureInfo.InvariantCulture),
        [nameof(Programme.Provider)] = p.Provider,
        [nameof(Programme.Link)] = p.Link?.ToString(),
        [nameof(Programme.Pdus)] = string.Join(';', new[] { p.Pdus.WaysOfWorking, p.Pdus.PowerSkills, p.Pdus.BusinessAcumen }.Select(v => v.ToString(CultureInfo.InvariantCulture))),
    };

    private static Programme ProgrammeOf(TableEntity e)
    {
        var pdus = (e.GetString(nameof(Programme.Pdus)) ?? "0;0;0").Split(';').Select(v => decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : 0).ToArray();
        return new Programme(
            e.RowKey,
            e.GetString(nameof(Programme.Title)) ?? string.Empty,
            e.GetString(nameof(Programme.KnowledgeArea)) ?? string.Empty,
            Enum.TryParse<ProgrammeLevel>(e.GetString(nameof(Programme.Level)), out var level) ? level : ProgrammeLevel.Foundation,
            Enum.TryParse<ProgrammeFormat>(e.GetString(nameof(Programme.Format)), out var format) ? format : ProgrammeFormat.Online,
            decimal.TryParse(e.GetString(nameof(Programme.DurationHours)), NumberStyles.Number, CultureInfo.InvariantCulture, out var hours) ? hours : 0,
            e.GetString(nameof(Programme.Provider)),
            Uri.TryCreate(e.GetString(nameof(Programme.Link)), UriKind.Absolute, out var link) ? link : null,
            new PduSplit(pdus.ElementAtOrDefault(0), pdus.ElementAtOrDefault(1), pdus.ElementAtOrDefault(2)));
    }
}
