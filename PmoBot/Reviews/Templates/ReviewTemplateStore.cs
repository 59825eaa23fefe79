using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Reviews.Templates;

/// <summary>
/// Table <c>ReviewTemplates</c>: PartitionKey <c>template</c>, RowKey the version subtracted from
/// <see cref="int.MaxValue"/> and zero-padded, so the newest version is the first row of the partition and "current"
/// is a one-row query. The questions are the JSON of <see cref="ReviewTemplateJson"/>. Versions are only ever added,
/// never replaced: two publishers racing both try to add the next version, the loser's add fails with 409 and it
/// retries as the version after, so both are kept. Published versions never change, so they are cached. Another
/// questionnaire (the opportunity review's) is kept the same way in a table of its own, with its own
/// <paramref name="defaultQuestions"/> as version 1.
/// </summary>
public sealed class ReviewTemplateStore(
    TableServiceClient service, TimeProvider time, string tableName = ReviewTemplateStore.TableName, IProjectStages? stages = null, IReadOnlyList<Question>? defaultQuestions = null)
{
    public const string TableName = "ReviewTemplates";
    public const string Partition = "template";

    /// <summary>Who published the default template: nobody did, PmoBot did it for them.</summary>
    public const string DefaultPublisher = "PmoBot";

    /// <summary>Publishers that lose this many races in a row give up and say so rather than loop.</summary>
    public const int MaxPublishAttempts = 10;

    private readonly TableClient table = service.GetTableClient(tableName);
    private readonly ConcurrentDictionary<int, ReviewTemplate> versions = new();

    public static string RowKeyFor(int version) => (int.MaxValue - version).ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>The newest version; the first call on an empty table publishes the default questions (<see cref="DefaultTemplate"/> unless given others) as version 1.</summary>
    public async Task<ReviewTemplate> GetCurrentAsync(CancellationToken cancellationToken)
    {
        if (await NewestAsync(cancellationToken) is { } newest)
        {
            return newest;
        }

        // Two instances starting together both find nothing and both add version 1: one add wins, the other
        // gets 409 and reads the winner's.
        await TryAddAsync(Create(DefaultTemplate.Version, defaultQuestions ?? DefaultTemplate.Questions, DefaultPublisher), cancellationToken);
        return await NewestAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Table {table.Name} has no review template even after publishing the default one.");
    }

    /// <summary>A published version, or null when there is no such version.</summary>
    public async Task<ReviewTemplate?> GetAsync(int version, CancellationToken cancellationToken)
    {
        if (versions.TryGetValue(version, out var cached))
        {
            return cached;
        }

        if (version < 1)
        {
            return null;
        }

        var entity = await table.GetEntityIfExistsAsync<TemplateEntity>(Partition, RowKeyFor(version), cancellationToken: cancellationToken);
        return entity.HasValue ? Remember(entity.Value!.ToTemplate(table.Name)) : null;
    }

    /// <summary>
    /// A version as a project answers it: without the questions of other project stages (<see cref="ReviewTemplate.ForStage"/>).
    /// The project's stage is read only when the version has stage-limited questions. Null when there is no such version.
    /// </summary>
    public async Task<ReviewTemplate?> GetAsync(int version, string projectCode, CancellationToken cancellationToken) =>
        await GetAsync(version, cancellationToken) is { } template ? await ForProjectAsync(template, projectCode, cancellationToken) : null;

    /// <summary>The newest version as a project answers it (see <see cref="GetAsync(int, string, CancellationToken)"/>).</summary>
    public async Task<ReviewTemplate> GetCurrentAsync(string projectCode, CancellationToken cancellationToken) =>
        await ForProjectAsync(await GetCurrentAsync(cancellationToken), projectCode, cancellationToken);

    private async Task<ReviewTemplate> ForProjectAsync(ReviewTemplate template, string projectCode, CancellationToken cancellationToken) =>
        template.HasStageLimits && stages is not null && await stages.StageOfAsync(projectCode, cancellationToken) is { } stage
            ? template.ForStage(stage)
            : template;

    /// <summary>Publishes <paramref name="questions"/> as the version after the current one, whatever else is published meanwhile.</summary>
    /// <exception cref="ArgumentException">The questions break a rule of <see cref="ReviewTemplateValidator"/>.</exception>
    public async Task<ReviewTemplate> PublishAsync(IReadOnlyList<Question> questions, string publishedBy, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(questions);
        for (var attempt = 1; attempt <= MaxPublishAttempts; attempt++)
        {
            var current = await GetCurrentAsync(cancellationToken);
            if (await TryPublishAfterAsync(current.Version, questions, publishedBy, cancellationToken) is { } published)
            {
                return published;
            }
        }

        throw new ConcurrencyConflictException(table.Name, Partition, "(next version)", MaxPublishAttempts);
    }

    /// <summary>
    /// Publishes <paramref name="questions"/> as version <paramref name="basedOnVersion"/> + 1, or returns null when
    /// someone already published that version: the caller edited an older version than the current one.
    /// </summary>
    /// <exception cref="ArgumentException">The questions break a rule of <see cref="ReviewTemplateValidator"/>.</exception>
    public async Task<ReviewTemplate?> TryPublishAfterAsync(int basedOnVersion, IReadOnlyList<Question> questions, string publishedBy, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(questions);
        ArgumentException.ThrowIfNullOrWhiteSpace(publishedBy);
        var template = Create(basedOnVersion + 1, questions, publishedBy);
        return await TryAddAsync(template, cancellationToken) ? template : null;
    }

    private static void ThrowIfInvalid(IReadOnlyList<Question> questions)
    {
        var errors = ReviewTemplateValidator.Validate(questions);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"The review template is not valid: {string.Join(" ", errors)}", nameof(questions));
        }
    }

    private ReviewTemplate Create(int version, IReadOnlyList<Question> questions, string publishedBy) =>
        new(version, questions.ToList(), publishedBy, time.GetUtcNow());

    private async Task<ReviewTemplate?> NewestAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var row in table.QueryAsync<TemplateEntity>(filter, maxPerPage: 1, select: [nameof(TemplateEntity.Version)], cancellationToken: cancellationToken))
        {
            return await GetAsync(row.Version, cancellationToken)
                ?? throw new InvalidOperationException($"Review template version {row.Version} in table {table.Name} disappeared while it was being read.");
        }

        return null;
    }

    /// <returns>False when the version already exists (another publisher added it first).</returns>
    private async Task<bool> TryAddAsync(ReviewTemplate template, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(TemplateEntity.From(template), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }

        Remember(template);
        return true;
    }

    private ReviewTemplate Remember(ReviewTemplate template) => versions.GetOrAdd(template.Version, template);

    private sealed class TemplateEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public int Version { get; set; }

        public string Questions { get; set; } = string.Empty;

        public string PublishedBy { get; set; } = string.Empty;

        public DateTimeOffset PublishedAt { get; set; }

        public static TemplateEntity From(ReviewTemplate template) => new()
        {
            RowKey = RowKeyFor(template.Version),
            Version = template.Version,
            Questions = ReviewTemplateJson.Serialize(template.Questions),
            PublishedBy = template.PublishedBy,
            PublishedAt = template.PublishedAt,
        };

        public ReviewTemplate ToTemplate(string tableName) => ReviewTemplateJson.ReadPublished(Questions) switch
        {
            ReviewTemplateParse.Ok ok => new ReviewTemplate(Version, ok.Questions, PublishedBy, PublishedAt),
            ReviewTemplateParse.Invalid invalid => throw new InvalidDataException(
                $"Review template version {Version} in table {tableName} cannot be read: {string.Join(" ", invalid.Errors)}"),
            _ => throw new InvalidOperationException("Unknown parse result."),
        };
    }
}
