using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.People;

/// <summary>How a person can be named in a command.</summary>
public enum LookupKind
{
    Name,
    Email,
    TeamsId,
}

/// <summary>
/// Table <c>UserLookup</c>: PartitionKey = <c>{kind}|{normalised value}</c> (e.g. <c>Name|megan bowen</c>),
/// RowKey = user key. Finds the people a command names ("role grant Megan Bowen pmo", an @mention, an e-mail)
/// with one partition query; two people with the same name are two rows in one partition.
/// </summary>
public sealed class UserLookupStore(TableServiceClient service)
{
    public const string TableName = "UserLookup";

    private readonly TableClient table = service.GetTableClient(TableName);

    public Task<IReadOnlyList<string>> FindAsync(LookupKind kind, string value, CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<TableEntity, string>(PartitionKeyFor(kind, value), e => e.GetString("UserKey"), cancellationToken, select: ["UserKey"]);

    public Task AddAsync(LookupKind kind, string value, string userKey, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(PartitionKeyFor(kind, value), TableKey.Escape(userKey)) { ["UserKey"] = userKey },
            TableUpdateMode.Replace,
            cancellationToken);

    public Task RemoveAsync(LookupKind kind, string value, string userKey, CancellationToken cancellationToken) =>
        table.DeleteIfExistsAsync(PartitionKeyFor(kind, value), TableKey.Escape(userKey), cancellationToken);

    private static string PartitionKeyFor(LookupKind kind, string value) => $"{kind}|{TableKey.Normalize(value)}";
}
