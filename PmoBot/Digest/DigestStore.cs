using Azure;
using Azure.Data.Tables;
using PmoBot.Reviews;
using PmoBot.Storage;

namespace PmoBot.Digest;

/// <summary>Someone who asked for the weekly digest in their personal chat, limited to one business unit or not.</summary>
public sealed record DigestSubscription(string UserKey, string Name, string? BusinessUnit, DateTimeOffset SubscribedAt);

/// <summary>
/// Table <c>Digest</c>. PartitionKey <c>subscribers</c>, RowKey user key: the people who get the digest in their
/// personal chat (<c>digest on</c>, a point write; the weekly round reads the one partition). PartitionKey
/// <c>rounds</c>, RowKey the ISO week inverted (newest first): when each week's digest was built, so the next one
/// lists only what changed since (the first row older than a week is one range query that stops after a row), and
/// a second instance or a restart knows the week is done. Tests pass a table of their own.
/// </summary>
public sealed class DigestStore(TableServiceClient service, string tableName = DigestStore.TableName)
{
    public const string TableName = "Digest";

    private const string Subscribers = "subscribers";
    private const string Rounds = "rounds";

    private readonly TableClient table = service.GetTableClient(tableName);

    public Task SubscribeAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return table.UpsertEntityAsync(
            new TableEntity(Subscribers, TableKey.Escape(subscription.UserKey))
            {
                [nameof(DigestSubscription.UserKey)] = subscription.UserKey,
                [nameof(DigestSubscription.Name)] = subscription.Name,
                [nameof(DigestSubscription.BusinessUnit)] = subscription.BusinessUnit,
                [nameof(DigestSubscription.SubscribedAt)] = subscription.SubscribedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <returns>False when the person was not subscribed.</returns>
    public async Task<bool> UnsubscribeAsync(string userKey, CancellationToken cancellationToken)
    {
        // The SDK answers a missing row with its 404 response rather than an exception.
        using var response = await table.DeleteEntityAsync(Subscribers, TableKey.Escape(userKey), ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public async Task<DigestSubscription?> GetSubscriptionAsync(string userKey, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(Subscribers, TableKey.Escape(userKey), cancellationToken: cancellationToken);
        return entity.HasValue ? ToSubscription(entity.Value!) : null;
    }

    public async Task<IReadOnlyList<DigestSubscription>> ListSubscriptionsAsync(CancellationToken cancellationToken)
    {
        var found = new List<DigestSubscription>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Subscribers}"), cancellationToken: cancellationToken))
        {
            found.Add(ToSubscription(entity));
        }

        return found;
    }

    /// <summary>Records that <paramref name="week"/>'s digest was built; the first record of a week stands.</summary>
    public async Task RecordRoundAsync(ReviewPeriod week, DateTimeOffset builtAt, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(Rounds, week.InvertedKey) { ["Week"] = week.ToString(), ["BuiltAt"] = builtAt }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another instance (or an earlier attempt) recorded the week first.
        }
    }

    /// <summary>When <paramref name="week"/>'s digest was built, or null when it was not.</summary>
    public async Task<DateTimeOffset?> GetRoundAsync(ReviewPeriod week, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(Rounds, week.InvertedKey, cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.GetDateTimeOffset("BuiltAt") : null;
    }

    /// <summary>When the newest digest of a week before <paramref name="week"/> was built; null before the first.</summary>
    public async Task<DateTimeOffset?> LastRoundBeforeAsync(ReviewPeriod week, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Rounds} and RowKey gt {week.InvertedKey}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return entity.GetDateTimeOffset("BuiltAt");
        }

        return null;
    }

    private static DigestSubscription ToSubscription(TableEntity entity) => new(
        entity.GetString(nameof(DigestSubscription.UserKey)) ?? string.Empty,
        entity.GetString(nameof(DigestSubscription.Name)) ?? string.Empty,
        entity.GetString(nameof(DigestSubscription.BusinessUnit)),
        entity.GetDateTimeOffset(nameof(DigestSubscription.SubscribedAt)) ?? DateTimeOffset.MinValue);
}
