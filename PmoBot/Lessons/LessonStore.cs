using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Lessons;

/// <summary>
/// Table <c>Lessons</c>: PartitionKey <c>lessons</c>, RowKey the lesson id. A PMO records tens or hundreds of
/// lessons, so every lesson lives in one partition: the advisor and the list read them with one partition query,
/// and a lesson is a point read by id. Contingency actions are a JSON property.
/// Every warning a review raises asks the advisor, inside the PM's submission, so the partition is kept in each
/// instance (<see cref="PartitionSnapshot{T}"/>) and read again only after a lesson was added, here or elsewhere:
/// while the library is unchanged, advice costs one point read, however many lessons it holds.
/// Tests pass a table of their own, as rankings read the whole partition.
/// </summary>
public sealed class LessonStore
{
    public const string TableName = "Lessons";
    public const string Partition = "lessons";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableClient table;
    private readonly PartitionSnapshot<IReadOnlyList<Lesson>> library;

    public LessonStore(TableServiceClient service, string tableName = TableName)
    {
        table = service.GetTableClient(tableName);
        library = new(new PartitionVersionStore(service), tableName, Partition, ReadAllAsync);
    }

    /// <summary>Stores a new lesson; false when a lesson with its id exists (it is left as it is).</summary>
    public async Task<bool> AddAsync(Lesson lesson, CancellationToken cancellationToken)
    {
        if (!await table.TryAddAsync(LessonEntity.From(lesson), cancellationToken))
        {
            return false;
        }

        await library.ChangedAsync(cancellationToken);
        return true;
    }

    public async Task<Lesson?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<LessonEntity>(Partition, TableKey.Escape(id.Trim().ToUpperInvariant()), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToLesson() : null;
    }

    /// <summary>Every lesson, newest first.</summary>
    public Task<IReadOnlyList<Lesson>> ListAsync(CancellationToken cancellationToken) => library.GetAsync(cancellationToken);

    private async Task<IReadOnlyList<Lesson>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var lessons = await table.QueryPartitionAsync<LessonEntity, Lesson>(Partition, e => e.ToLesson(), cancellationToken);
        return lessons.OrderByDescending(l => l.RecordedAt).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();
    }

    private sealed class LessonEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Id { get; set; } = string.Empty;

        public string Title { get; set; } = string.Empty;

        public string WhatHappened { get; set; } = string.Empty;

        public string? ProjectCode { get; set; }

        public string Category { get; set; } = string.Empty;

        public string WhatToDo { get; set; } = string.Empty;

        public string ContingencyActions { get; set; } = "[]";

        public string RecordedBy { get; set; } = string.Empty;

        public DateTimeOffset RecordedAt { get; set; }

        public string? FormId { get; set; }

        public static LessonEntity From(Lesson lesson) => new()
        {
            RowKey = TableKey.Escape(lesson.Id.ToUpperInvariant()),
            Id = lesson.Id,
            Title = lesson.Title,
            WhatHappened = lesson.WhatHappened,
            ProjectCode = lesson.ProjectCode,
            Category = lesson.Category,
            WhatToDo = lesson.WhatToDo,
            ContingencyActions = JsonSerializer.Serialize(lesson.ContingencyActions, Json),
            RecordedBy = lesson.RecordedBy,
            RecordedAt = lesson.RecordedAt,
            FormId = lesson.FormId,
        };

        public Lesson ToLesson() => new(
            Id,
            Title,
            WhatHappened,
            ProjectCode,
            Category,
            WhatToDo,
            JsonSerializer.Deserialize<List<string>>(ContingencyActions, Json) ?? [],
            RecordedBy,
            RecordedAt,
            FormId);
    }
}
