using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Development.Events;

/// <summary>
/// Table <c>LearningEvents</c>: PartitionKey <c>events</c>, RowKey the event id. An event by id is a point read;
/// "upcoming events" is one query of the partition filtered on <c>End</c>, so no request reads past events.
/// </summary>
public sealed class EventStore(TableServiceClient service)
{
    public const string TableName = "LearningEvents";
    private const string Partition = "events";

    private readonly TableClient table = service.GetTableClient(TableName);

    /// <returns>False when an event with this id exists already (nothing is overwritten).</returns>
    public async Task<bool> AddAsync(LearningEvent learningEvent, CancellationToken cancellationToken)
    {
        return await table.TryAddAsync(EventEntity.From(learningEvent), cancellationToken);
    }

    public async Task<LearningEvent?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var normalized = EventIds.Normalize(id);
        if (!EventIds.IsValid(normalized))
        {
            return null;
        }

        var entity = await table.GetEntityIfExistsAsync<EventEntity>(Partition, normalized, cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToEvent() : null;
    }

    /// <summary>Events not yet over at <paramref name="now"/> (and, with <paramref name="startingBefore"/>, starting before it), soonest first.</summary>
    public async Task<IReadOnlyList<LearningEvent>> ListUpcomingAsync(DateTimeOffset now, CancellationToken cancellationToken, DateTimeOffset? startingBefore = null)
    {
        var filter = startingBefore is { } before
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and End ge {now.UtcDateTime} and Start lt {before.UtcDateTime}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and End ge {now.UtcDateTime}");
        var events = new List<LearningEvent>();
        await foreach (var entity in table.QueryAsync<EventEntity>(filter, cancellationToken: cancellationToken))
        {
            events.Add(entity.ToEvent());
        }

        return events.OrderBy(e => e.Start).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
    }

    private sealed class EventEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Title { get; set; } = string.Empty;

        public string Description { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public string Reach { get; set; } = string.Empty;

        public bool Online { get; set; }

        public string? Venue { get; set; }

        public DateTimeOffset Start { get; set; }

        public DateTimeOffset End { get; set; }

        public string TimeZone { get; set; } = "UTC";

        public int Capacity { get; set; }

        public DateTimeOffset RegistrationDeadline { get; set; }

        public string? Cost { get; set; }

        public string? Currency { get; set; }

        public string? Provider { get; set; }

        public string? Link { get; set; }

        public string KnowledgeAreas { get; set; } = string.Empty;

        public string Pdus { get; set; } = "0;0;0";

        public string OrganiserKey { get; set; } = string.Empty;

        public string OrganiserName { get; set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        public static EventEntity From(LearningEvent e) => new()
        {
            RowKey = e.Id,
            Title = e.Title,
            Description = e.Description,
            Kind = e.Kind.ToString(),
            Reach = e.Reach.ToString(),
            Online = e.Online,
            Venue = e.Venue,
            Start = e.Start,
            End = e.End,
            TimeZone = e.TimeZone,
            Capacity = e.Capacity,
            RegistrationDeadline = e.RegistrationDeadline,
            Cost = e.Cost?.ToString(CultureInfo.InvariantCulture),
            Currency = e.Currency,
            Provider = e.Provider,
            Link = e.Link?.ToString(),
            KnowledgeAreas = string.Join(',', e.KnowledgeAreas),
            Pdus = string.Join(';', new[] { e.Pdus.WaysOfWorking, e.Pdus.PowerSkills, e.Pdus.BusinessAcumen }.Select(p => p.ToString(CultureInfo.InvariantCulture))),
            OrganiserKey = e.OrganiserKey,
            OrganiserName = e.OrganiserName,
            CreatedAt = e.CreatedAt,
        };

        public LearningEvent ToEvent()
        {
            var pdus = Pdus.Split(';').Select(p => decimal.TryParse(p, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
            return new LearningEvent(
                RowKey,
                Title,
                Description,
                Enum.TryParse<EventKind>(Kind, out var kind) ? kind : EventKind.Course,
                Enum.TryParse<EventReach>(Reach, out var reach) ? reach : EventReach.Local,
                Online,
                Venue,
                Start,
                End,
                TimeZone,
                Capacity,
                RegistrationDeadline,
                decimal.TryParse(Cost, NumberStyles.Number, CultureInfo.InvariantCulture, out var cost) ? cost : null,
                Currency,
                Provider,
                Uri.TryCreate(Link, UriKind.Absolute, out var link) ? link : null,
                KnowledgeAreas.Split(',', StringSplitOptions.RemoveEmptyEntries),
                new PduSplit(pdus.ElementAtOrDefault(0), pdus.ElementAtOrDefault(1), pdus.ElementAtOrDefault(2)),
                OrganiserKey,
                OrganiserName,
                CreatedAt);
        }
    }
}

/// <summary>Event ids are short and typeable: <c>EV-</c> and five letters or digits without look-alikes (<c>EV-7K3QX</c>).</summary>
public static class EventIds
{
    public const string Prefix = "EV-";
    public const string Example = "EV-7K3QX";
    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    public static string New() =>
        Prefix + new string(Enumerable.Range(0, 5).Select(_ => Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray());

    public static string Normalize(string? text)
    {
        var typed = (text ?? string.Empty).Trim().ToUpperInvariant();
        return typed.Length > 0 && !typed.StartsWith(Prefix, StringComparison.Ordinal) && !typed.Contains('-', StringComparison.Ordinal) ? Prefix + typed : typed;
    }

    public static bool IsValid(string id) =>
        id.StartsWith(Prefix, StringComparison.Ordinal) && id.Length is > 3 and <= 24 && id[Prefix.Length..].All(char.IsAsciiLetterOrDigit);
}
