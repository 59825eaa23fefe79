using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Storage;

/// <summary>
/// The table client as PmoBot builds it, against a local stand-in for the table service that counts requests: an
/// insert that gets no answer in time is sent once (tried again, it could meet its own row and read as "already
/// there"), while one the service turns away with a 503 is tried again and lands.
/// </summary>
public sealed class StorageRetryPolicyTests
{
    [Fact]
    public async Task An_insert_that_times_out_is_sent_once_and_fails_as_unanswered_while_a_503_is_retried_until_it_lands()
    {
        var requests = 0;
        var answer = (Func<int, HttpContext, Task>)((_, _) => Task.CompletedTask);
        var app = LocalHttpServer.Create();
        app.Run(async context =>
        {
            var n = Interlocked.Increment(ref requests);
            await answer(n, context);
        });
        var baseUrl = await LocalHttpServer.StartAsync(app);
        await using var _ = app;
        var options = new StorageOptions { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 3 };
        var table = new TableServiceClient(AzuriteStorage.DevelopmentAccountAt(baseUrl), StorageRequestPolicy.Configure(new TableClientOptions(), options)).GetTableClient("Claims");
        var entity = new TableEntity("p", "r");

        answer = async (_, context) => await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(entity));
        Assert.Equal((0, 1), (failure.Status, requests));
        Assert.Contains("Storage did not answer POST /devstoreaccount1/Claims within 0.3 s.", failure.Message, StringComparison.Ordinal);

        requests = 0;
        answer = (n, context) =>
        {
            context.Response.StatusCode = n < 3 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        };
        var landed = await table.AddEntityAsync(entity);
        Assert.Equal((204, 3), (landed.Status, requests));
    }
}
