using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.People;

/// <summary>
/// Table <c>Users</c>: PartitionKey = user key (Entra object id), RowKey = <c>profile</c>.
/// One partition per person: every read is a point read by the caller's id, and writes to different people
/// never contend.
/// </summary>
public sealed class UserStore(TableServiceClient service)
{
    public const string TableName = "Users";
    private const string ProfileRow = "profile";

    private readonly TableClient table = service.GetTableClient(TableName);

    public async Task<UserProfile?> GetAsync(string userKey, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<UserEntity>(UserEntity.PartitionKeyFor(userKey), ProfileRow, cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToProfile() : null;
    }

    /// <summary>Stores a person not stored yet in one write; null when someone stored them first (then update instead).</summary>
    public async Task<UserProfile?> TryAddAsync(UserProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return await table.TryAddAsync(UserEntity.From(profile), cancellationToken) ? profile : null;
    }

    /// <summary>Applies <paramref name="change"/> under optimistic concurrency; a null result from it writes nothing.</summary>
    public async Task<UserProfile?> UpdateAsync(string userKey, Func<UserProfile?, UserProfile?> change, CancellationToken cancellationToken)
    {
        var stored = await OptimisticConcurrency.UpdateAsync<UserEntity>(
            table,
            UserEntity.PartitionKeyFor(userKey),
            ProfileRow,
            entity =>
            {
                var updated = change(entity?.ToProfile());
                return updated is null ? null : UserEntity.From(updated);
            },
            cancellationToken);
        return stored?.ToProfile();
    }

    private sealed class UserEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = ProfileRow;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string UserKey { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string? TeamsUserId { get; set; }

        public string? Email { get; set; }

        public string? TimeZone { get; set; }

        public bool TimeZoneChosenByUser { get; set; }

        public string Roles { get; set; } = string.Empty;

        public DateTimeOffset? FirstSeenAt { get; set; }

        public static string PartitionKeyFor(string userKey) => TableKey.Escape(userKey);

        public static UserEntity From(UserProfile profile) => new()
        {
            PartitionKey = PartitionKeyFor(profile.UserKey),
            UserKey = profile.UserKey,
            Name = profile.Name,
            TeamsUserId = profile.TeamsUserId,
            Email = profile.Email,
            TimeZone = profile.TimeZone,
            TimeZoneChosenByUser = profile.TimeZoneChosenByUser,
            Roles = People.Roles.Serialize(profile.Roles),
            FirstSeenAt = profile.FirstSeenAt,
        };

        public UserProfile ToProfile() => new(
            UserKey, Name, TeamsUserId, Email, TimeZone, TimeZoneChosenByUser, People.Roles.Deserialize(Roles), FirstSeenAt);
    }
}
