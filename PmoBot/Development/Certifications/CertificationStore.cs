using System.Globalization;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Development.Certifications;

/// <summary>A certification's line in the expiry index: enough to list it and remind its holder without reading more.</summary>
public sealed record ExpiringCertification(string UserKey, string PersonName, string CredentialId, string Name, DateOnly ExpiresOn);

/// <summary>
/// Table <c>Certifications</c>: PartitionKey the holder's user key, RowKey the credential (<c>PMP</c>, or
/// <c>OTHER|NAME</c>): a person's certifications are one partition query, and recording a credential again replaces it.
/// Table <c>CertificationExpiries</c>: PartitionKey <c>expiry</c>, RowKey <c>{yyyyMMdd}|{user key}|{credential}</c>:
/// "what expires in the next N days" is one key-range query, soonest first. The certification is written first and the
/// index second, so repeating a save repairs an index write that failed.
/// </summary>
public sealed class CertificationStore(TableServiceClient service)
{
    public const string TableName = "Certifications";
    public const string ExpiryTableName = "CertificationExpiries";
    private const string ExpiryPartition = "expiry";

    private readonly TableClient table = service.GetTableClient(TableName);
    private readonly TableClient expiries = service.GetTableClient(ExpiryTableName);

    public Task<IReadOnlyList<Certification>> ListAsync(string userKey, CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<TableEntity, Certification>(TableKey.Escape(userKey), CertificationOf, cancellationToken);

    public async Task<Certification?> GetAsync(string userKey, string key, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Escape(userKey), TableKey.Escape(key), cancellationToken: cancellationToken);
        return entity.HasValue ? CertificationOf(entity.Value!) : null;
    }

    /// <returns>The certification it replaced, if any.</returns>
    public async Task<Certification?> SaveAsync(Certification certification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certification);
        var before = await GetAsync(certification.UserKey, certification.Key, cancellationToken);
        await table.UpsertEntityAsync(Entity(certification), TableUpdateMode.Replace, cancellationToken);
        if (certification.ExpiresOn is { } expires)
        {
            await expiries.UpsertEntityAsync(IndexEntity(certification, expires), TableUpdateMode.Replace, cancellationToken);
        }

        if (before?.ExpiresOn is { } old && old != certification.ExpiresOn)
        {
            await expiries.DeleteIfExistsAsync(ExpiryPartition, IndexKey(old, before), cancellationToken);
        }

        return before;
    }

    /// <summary>Certifications expiring from <paramref name="from"/> to <paramref name="to"/> (both included), soonest first.</summary>
    public async Task<IReadOnlyList<ExpiringCertification>> ListExpiringAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ExpiryPartition} and RowKey ge {Day(from)} and RowKey lt {Day(to.AddDays(1))}");
        var found = new List<ExpiringCertification>();
        await foreach (var entity in expiries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(new ExpiringCertification(
                entity.GetString(nameof(ExpiringCertification.UserKey)),
                entity.GetString(nameof(ExpiringCertification.PersonName)) ?? string.Empty,
                entity.GetString(nameof(ExpiringCertification.CredentialId)),
                entity.GetString(nameof(ExpiringCertification.Name)) ?? string.Empty,
                DateOnly.ParseExact(entity.RowKey[..8], "yyyyMMdd", CultureInfo.InvariantCulture)));
        }

        return found;
    }

    private static string Day(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string IndexKey(DateOnly expires, Certification c) => $"{Day(expires)}|{TableKey.Escape(c.UserKey)}|{TableKey.Escape(c.Key)}";

    private static TableEntity IndexEntity(Certification c, DateOnly expires) => new(ExpiryPartition, IndexKey(expires, c))
    {
        [nameof(ExpiringCertification.UserKey)] = c.UserKey,
        [nameof(ExpiringCertification.PersonName)] = c.PersonName,
        [nameof(ExpiringCertification.CredentialId)] = c.CredentialId,
        [nameof(ExpiringCertification.Name)] = c.Name,
    };

    private static TableEntity Entity(Certification c) => new(TableKey.Escape(c.UserKey), TableKey.Escape(c.Key))
    {
        [nameof(Certification.UserKey)] = c.UserKey,
        [nameof(Certification.PersonName)] = c.PersonName,
        [nameof(Certification.CredentialId)] = c.CredentialId,
        [nameof(Certification.Name)] = c.Name,
        [nameof(Certification.Number)] = c.Number,
        [nameof(Certification.IssuedOn)] = Day(c.IssuedOn),
        [nameof(Certification.ExpiresOn)] = c.ExpiresOn is { } e ? Day(e) : null,
        [nameof(Certification.RecordedAt)] = c.RecordedAt,
    };

    private static Certification CertificationOf(TableEntity e) => new(
        e.GetString(nameof(Certification.UserKey)),
        e.GetString(nameof(Certification.PersonName)) ?? string.Empty,
        e.GetString(nameof(Certification.CredentialId)),
        e.GetString(nameof(Certification.Name)) ?? string.Empty,
        e.GetString(nameof(Certification.Number)),
        DateOnly.ParseExact(e.GetString(nameof(Certification.IssuedOn)), "yyyyMMdd", CultureInfo.InvariantCulture),
        e.GetString(nameof(Certification.ExpiresOn)) is { } expires ? DateOnly.ParseExact(expires, "yyyyMMdd", CultureInfo.InvariantCulture) : null,
        e.GetDateTimeOffset(nameof(Certification.RecordedAt)) ?? DateTimeOffset.MinValue);
}
