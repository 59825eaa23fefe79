using System.Net;
using Microsoft.Extensions.Logging;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// The rate limiter on <c>/api/messages</c> counts requests that fail authentication, per client address, and
/// answers 429 once an address has failed too often; valid traffic is never limited, whatever its address.
/// Refusals are logged one warning line each, without stack traces, a limited number a minute.
/// </summary>
public sealed class FailedAuthenticationLimitTests : IAsyncLifetime
{
    private static readonly IPAddress OtherAddress = IPAddress.Parse("127.0.0.2");

    private ProductionBot production = null!;

    public async Task InitializeAsync() =>
        production = await ProductionBot.StartAsync(new Dictionary<string, string?>
        {
            ["MessagesEndpoint:FailedAuthenticationLimit"] = "3",
            ["MessagesEndpoint:FailedAuthenticationWindow"] = "00:05:00",
            ["MessagesEndpoint:RefusalLogLinesPerMinute"] = "5",
        });

    public async Task DisposeAsync() => await production.DisposeAsync();

    [Fact]
    public async Task An_address_that_keeps_failing_gets_429_but_its_valid_requests_and_other_addresses_are_not_limited()
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostForgedAsync()).StatusCode);
        }

        var limited = await PostForgedAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");

        var valid = production.NewMessage();
        var accepted = await production.PostAsync(valid, production.ChannelToken(valid));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.NotEmpty(await production.Connector.WaitForAsync(valid.Conversation.Id, 1));

        using var other = production.CreateClientFrom(OtherAddress);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostForgedAsync(other)).StatusCode);
        var fromOther = production.NewMessage();
        Assert.Equal(HttpStatusCode.OK, (await production.PostAsync(fromOther, production.ChannelToken(fromOther), other)).StatusCode);
    }

    [Fact]
    public async Task Valid_requests_never_count_towards_the_limit()
    {
        for (var turn = 0; turn < 5; turn++)
        {
            var valid = production.NewMessage();
            Assert.Equal(HttpStatusCode.OK, (await production.PostAsync(valid, production.ChannelToken(valid))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostForgedAsync()).StatusCode);
    }

    [Fact]
    public async Task Refusals_are_one_line_warnings_without_stack_traces_and_at_most_the_limit_a_minute()
    {
        var valid = production.NewMessage();
        await production.PostAsync(valid, production.ChannelToken(valid));
        Assert.DoesNotContain(production.Logs.GetSnapshot(), r => r.Message.StartsWith("Refused", StringComparison.Ordinal));

        using var other = production.CreateClientFrom(OtherAddress);
        for (var attempt = 0; attempt < 12; attempt++)
        {
            await PostForgedAsync(attempt % 2 == 0 ? production.Client : other);
        }

        var log = production.Logs.GetSnapshot();
        var refusals = log.Where(r => r.Message.StartsWith("Refused", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, refusals.Count);
        Assert.All(refusals, r =>
        {
            Assert.Equal(LogLevel.Warning, r.Level);
            Assert.Null(r.Exception);
            Assert.DoesNotContain('\n', r.Message);
        });
        Assert.Contains("not signed by any key the Bot Framework publishes", refusals[0].Message, StringComparison.Ordinal);
        Assert.Contains(log, r => r.Message.Contains("counted, not logged", StringComparison.Ordinal));
        Assert.Empty(production.Errors);
    }

    private Task<HttpResponseMessage> PostForgedAsync(HttpClient? from = null)
    {
        var activity = production.NewMessage();
        return production.PostAsync(activity, new TestSigningKey("attacker-key").CreateToken(production.AppId, activity.ServiceUrl), from);
    }
}
