using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PmoBot.Conversations;
using PmoBot.Storage;

namespace PmoBot.Warnings;

/// <summary>One posted copy of a project's warning card (the PMO channel, or a PMO member's personal chat), to update in place.</summary>
public sealed record AlertCopy(string Suffix, ConversationKind Kind, string TargetKey);

/// <summary>A warning as it was when a card announced it: a later rise in severity is announced again.</summary>
public sealed record AnnouncedWarning(string EpisodeId, WarningSeverity Severity);

/// <summary>
/// The card a project's early warnings are on. Every evaluation that raises a warning, or raises one's severity, posts
/// the project's card anew (<see cref="Number"/> 1, 2, ...), because an edit notifies nobody; anything else changes
/// the current card in place (<see cref="Version"/>). <see cref="Copies"/> is null from the moment a post is claimed
/// until it is queued, so whoever finds it so finishes it. <see cref="Previous"/> holds the copies of the card it
/// replaces, which are then marked as replaced. <see cref="Escalated"/>: posted because a warning got more severe
/// (rather than because one was raised). <see cref="Moved"/>: posted because the PMO's alerts now go somewhere the card
/// is not (a channel chosen with <c>alerts here</c> after it was posted); nothing new was raised, so no one is notified.
/// </summary>
public sealed record WarningPost(
    string ProjectCode,
    int Number,
    int Version,
    IReadOnlyList<AnnouncedWarning> Announced,
    bool Escalated,
    DateTimeOffset PostedAt,
    IReadOnlyList<AlertCopy>? Copies,
    IReadOnlyList<AlertCopy> Previous,
    bool Moved = false)
{
    public bool IsPosted => Copies is not null;
}

/// <summary>A project's current post as read or written (null: none yet), with the ETag it is stored under.</summary>
public sealed record StoredWarningPost(WarningPost? Post, ETag ETag);

/// <summary>
/// Table <c>WarningPosts</c>: PartitionKey the project code, RowKey <c>current</c>: a project's current warning card,
/// a point read. Every change is ETag-guarded, so two evaluations (or two instances) claim one new post between them.
/// </summary>
public sealed class WarningPostStore(TableServiceClient service, string tableName = WarningPostStore.TableName)
{
    public const string TableName = "WarningPosts";
    private const string Row = "current";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient table = service.GetTableClient(tableName);

    public async Task<WarningPost?> GetAsync(string projectCode, CancellationToken cancellationToken) =>
        (await ReadAsync(projectCode, cancellationToken)).Post;

    /// <summary>The current post (null when there is none) with the ETag it is stored under, to update from.</summary>
    public async Task<StoredWarningPost> ReadAsync(string projectCode, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<PostEntity>(TableKey.Escape(projectCode), Row, cancellationToken: cancellationToken);
        return entity.HasValue ? new(entity.Value!.ToPost(), entity.Value.ETag) : new(null, default);
    }

    /// <summary>
    /// Stores what <paramref name="change"/> makes of the current post (null when there is none), re-applied on a lost
    /// race. Returns the post stored, or null when the change declined.
    /// </summary>
    public async Task<WarningPost?> UpdateAsync(string projectCode, Func<WarningPost?, WarningPost?> change, CancellationToken cancellationToken) =>
        (await UpdateAsync(projectCode, change, known: null, cancellationToken))?.Post;

    /// <summary>
    /// As <see cref="UpdateAsync(string, Func{WarningPost?, WarningPost?}, CancellationToken)"/>, starting from the post
    /// as last read or written (<paramref name="known"/>) rather than reading it again: if it changed since, the write
    /// is refused and the change re-applied to the row as it is. Returns the post stored with its new ETag.
    /// </summary>
    public async Task<StoredWarningPost?> UpdateAsync(string projectCode, Func<WarningPost?, WarningPost?> change, StoredWarningPost? known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        WarningPost? changed = null;
        var stored = await OptimisticConcurrency.UpdateAsync<PostEntity>(
            table,
            TableKey.Escape(projectCode),
            Row,
            current =>
            {
                changed = change(current?.ToPost());
                return changed is null ? null : PostEntity.From(changed);
            },
            cancellationToken,
            known is { } seen ? new Known<PostEntity>(seen.Post is null ? null : PostEntity.Stored(seen.Post, seen.ETag)) : null);
        return changed is null ? null : new StoredWarningPost(changed, stored!.ETag);
    }

    private sealed class PostEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = Row;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string ProjectCode { get; set; } = string.Empty;

        public int Number { get; set; }

        public int Version { get; set; }

        public string Announced { get; set; } = "[]";

        public bool Escalated { get; set; }

        public DateTimeOffset PostedAt { get; set; }

        public string? Copies { get; set; }

        public string Previous { get; set; } = "[]";

        public bool Moved { get; set; }

        public static PostEntity From(WarningPost post) => new()
        {
            PartitionKey = TableKey.Escape(post.ProjectCode),
            ProjectCode = post.ProjectCode,
            Number = post.Number,
            Version = post.Version,
            Announced = JsonSerializer.Serialize(post.Announced, Json),
            Escalated = post.Escalated,
            PostedAt = post.PostedAt,
            Copies = post.Copies is null ? null : JsonSerializer.Serialize(post.Copies, Json),
            Previous = JsonSerializer.Serialize(post.Previous, Json),
            Moved = post.Moved,
        };

        public static PostEntity Stored(WarningPost post, ETag etag)
        {
            var entity = From(post);
            entity.ETag = etag;
            return entity;
        }

        public WarningPost ToPost() => new(
            ProjectCode,
            Number,
            Version,
            JsonSerializer.Deserialize<List<AnnouncedWarning>>(Announced, Json) ?? [],
            Escalated,
            PostedAt,
            Copies is null ? null : JsonSerializer.Deserialize<List<AlertCopy>>(Copies, Json) ?? [],
            JsonSerializer.Deserialize<List<AlertCopy>>(Previous, Json) ?? [],
            Moved);
    }
}
