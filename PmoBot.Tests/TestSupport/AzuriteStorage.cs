using Azure.Data.Tables;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// The Azurite instance <c>scripts/test.sh</c> starts for the run (in memory, on free ports); its connection
/// string arrives in <c>PMOBOT_TEST_STORAGE</c>. Tests isolate themselves with fresh ids, never by clearing tables.
/// </summary>
public static class AzuriteStorage
{
    public const string ConnectionStringVariable = "PMOBOT_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable)
        ?? throw new InvalidOperationException($"{ConnectionStringVariable} is not set: run the tests with ./scripts/test.sh, which starts Azurite for them.");

    /// <summary>
    /// A connection string for Azurite's well-known development account at <paramref name="tableBase"/> and
    /// <paramref name="queueBase"/> (<c>http://127.0.0.1:port/</c>): a private Azurite, a proxy or a stand-in.
    /// </summary>
    public static string DevelopmentAccountAt(string tableBase, string? queueBase = null) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + (queueBase is null ? string.Empty : $"QueueEndpoint={queueBase}devstoreaccount1;")
        + $"TableEndpoint={tableBase}devstoreaccount1;";

    public static async Task<TableServiceClient> WithTablesAsync(params string[] tableNames)
    {
        var service = new TableServiceClient(ConnectionString);
        await Task.WhenAll(tableNames.Select(name => service.CreateTableIfNotExistsAsync(name)));
        return service;
    }
}
