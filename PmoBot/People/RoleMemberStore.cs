using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.People;

public sealed record RoleMember(Role Role, string UserKey, string Name, string GrantedBy, DateTimeOffset GrantedAt);

/// <summary>
/// Table <c>RoleMembers</c>: PartitionKey = role name, RowKey = user key. The index behind <c>role list</c>
/// and "who are the PMO members": one partition query per role instead of a scan of every user. The user's
/// profile holds the truth; this index is written after it and re-written by a repeated grant.
/// </summary>
public sealed class RoleMemberStore(TableServiceClient service)
{
    public const string TableName = "RoleMembers";

    private readonly TableClient table = service.GetTableClient(TableName);

    public Task<IReadOnlyList<RoleMember>> ListAsync(Role role, CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<RoleMemberEntity, RoleMember>(role.ToString(), e => e.ToMember(), cancellationToken);

    public Task AddAsync(RoleMember member, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(RoleMemberEntity.From(member), TableUpdateMode.Replace, cancellationToken);

    public Task RemoveAsync(Role role, string userKey, CancellationToken cancellationToken) =>
        table.DeleteIfExistsAsync(role.ToString(), TableKey.Escape(userKey), cancellationToken);

    private sealed class RoleMemberEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string UserKey { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string GrantedBy { get; set; } = string.Empty;

        public DateTimeOffset GrantedAt { get; set; }

        public static RoleMemberEntity From(RoleMember member) => new()
        {
            PartitionKey = member.Role.ToString(),
            RowKey = TableKey.Escape(member.UserKey),
            UserKey = member.UserKey,
            Name = member.Name,
            GrantedBy = member.GrantedBy,
            GrantedAt = member.GrantedAt,
        };

        public RoleMember ToMember() => new(Enum.Parse<Role>(PartitionKey), UserKey, Name, GrantedBy, GrantedAt);
    }
}
