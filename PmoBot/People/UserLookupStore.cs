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

    /// <summary>Each word of a person's name (<c>Word|megan</c>, <c>Word|bowen</c>): a first or last name alone finds them.</summary>
    Word,
}

/// <summary>
/// Table <c>UserLookup</c>: PartitionKey = <c>{kind}|{normalised value}</c> (e.g. <c>Name|megan bowen</c>),
/// RowKey = user key. Finds the people a command names ("role grant Megan Bowen pmo", an @mention, an e-mail)
/// with one partition query; two people with the same name are two rows in one partition. A part of a name is found
/// by the words that start with it: one range query over the <c>Word|</c> partitions between that part and the next.
/// </summary>
public sealed class UserLookupStore(TableServiceClient service)
{
    public const string TableName = "UserLookup";

    /// <summary>The partition of one-off index jobs done (no lookup kind is spelled so).</summary>
    private const string JobsPartition = "IndexJobs";

    private readonly TableClient table = service.GetTableClient(TableName);

    public Task<IReadOnlyList<string>> FindAsync(LookupKind kind, string value, CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<TableEntity, string>(PartitionKeyFor(kind, value), e => e.GetString("UserKey"), cancellationToken, select: ["UserKey"]);

    /// <summary>
    /// The rows of <paramref name="kind"/> whose value starts with <paramref name="prefix"/>, each with its value; one
    /// query over a key range, at most <paramref name="max"/> rows.
    /// </summary>
    public async Task<IReadOnlyList<(string Value, string UserKey)>> FindByPrefixAsync(LookupKind kind, string prefix, int max, CancellationToken cancellationToken)
    {
        var from = PartitionKeyFor(kind, prefix);
        var to = from[..^1] + (char)(from[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        var rows = new List<(string, string)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: max, select: ["PartitionKey", "UserKey"], cancellationToken: cancellationToken))
        {
            rows.Add((TableKey.Unescape(entity.PartitionKey[(kind.ToString().Length + 1)..]), entity.GetString("UserKey")));
            if (rows.Count >= max)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>Every person's whole name as indexed (lower case) with their key: one range query over the <c>Name|</c> partitions, for a one-off backfill at start-up, never for a request.</summary>
    public async IAsyncEnumerable<(string Name, string UserKey)> ListNamesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var from = $"{LookupKind.Name}|";
        var to = from[..^1] + (char)(from[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "UserKey"], cancellationToken: cancellationToken))
        {
            yield return (TableKey.Unescape(entity.PartitionKey[from.Length..]), entity.GetString("UserKey"));
        }
    }

    /// <summary>Whether a one-off index job (<paramref name="job"/>) has finished; a point read.</summary>
    public async Task<bool> IsDoneAsync(string job, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(JobsPartition, job, cancellationToken: cancellationToken)).HasValue;

    public Task MarkDoneAsync(string job, DateTimeOffset at, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(JobsPartition, job) { ["DoneAt"] = at }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// The words of a name as <see cref="LookupKind.Word"/> rows hold them and <see cref="FindByPrefixAsync"/> returns
    /// them: lower case, accents dropped ("José" is found by "jose"), split at anything that is not a letter or digit
    /// ("Bowen, Megan" is "bowen" and "megan"), and a word joined by a hyphen or apostrophe kept whole as well as in its
    /// parts ("Smith-Jones" is "smithjones", "smith" and "jones"; "O'Brien" is "obrien", "o" and "brien").
    /// </summary>
    public static IReadOnlyList<string> WordsOf(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return [];
        }

        var words = new List<string>();
        foreach (var token in Folded(name).Split([' ', '\t', ',', ';', '(', ')', '/', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = System.Text.RegularExpressions.Regex.Split(token, @"[^\p{L}\p{Nd}]+").Where(p => p.Length > 0).ToList();
            if (parts.Count > 1)
            {
                words.Add(string.Concat(parts));
            }

            words.AddRange(parts);
        }

        return words.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Lower case without accents: the form names are indexed and searched in.</summary>
    private static string Folded(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD);
        var kept = decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark);
        return new string(kept.ToArray()).Normalize(System.Text.NormalizationForm.FormC);
    }

    public Task AddAsync(LookupKind kind, string value, string userKey, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(PartitionKeyFor(kind, value), TableKey.Escape(userKey)) { ["UserKey"] = userKey },
            TableUpdateMode.Replace,
            cancellationToken);

    public Task RemoveAsync(LookupKind kind, string value, string userKey, CancellationToken cancellationToken) =>
        table.DeleteIfExistsAsync(PartitionKeyFor(kind, value), TableKey.Escape(userKey), cancellationToken);

    private static string PartitionKeyFor(LookupKind kind, string value) => $"{kind}|{TableKey.Normalize(value)}";
}
