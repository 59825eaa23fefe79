using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Teams;

namespace PmoBot.Tests.Teams;

/// <summary>The refusal log's minute: lines up to the limit, then a count, logged when the minute is over even if nothing else comes.</summary>
public sealed class RefusalLogTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<RefusalLog> logger = new();

    [Fact]
    public void Past_the_limit_refusals_are_counted_and_the_count_is_logged_when_the_minute_is_over()
    {
        using var log = new RefusalLog(logger, Options.Create(new MessagesEndpointOptions { RefusalLogLinesPerMinute = 2 }), time);

        for (var i = 0; i < 7; i++)
        {
            log.Refused("203.0.113.9", "POST", "/api/messages", new Refusal(401, "the token has expired"));
        }

        Assert.Equal(3, logger.Collector.Count);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("5 more refused requests between 2026-03-02 09:00:00Z and 2026-03-02 09:01:00Z were not logged", logger.LatestRecord.Message);
        Assert.Equal(LogLevel.Warning, logger.LatestRecord.Level);
    }

    [Fact]
    public void A_new_minute_logs_again()
    {
        using var log = new RefusalLog(logger, Options.Create(new MessagesEndpointOptions { RefusalLogLinesPerMinute = 1 }), time);
        log.Refused("203.0.113.9", "POST", "/api/messages", new Refusal(401, "first"));
        log.Refused("203.0.113.9", "POST", "/api/messages", new Refusal(401, "second"));

        time.Advance(TimeSpan.FromSeconds(61));
        log.Refused("203.0.113.9", "POST", "/api/messages", new Refusal(401, "third"));

        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Message == "Refused 401 POST /api/messages from 203.0.113.9: third");
    }

    [Fact]
    public void A_reason_from_the_client_cannot_start_a_log_line_of_its_own()
    {
        using var log = new RefusalLog(logger, Options.Create(new MessagesEndpointOptions()), time);

        log.Refused("203.0.113.9", "POST", "/api/messages", new Refusal(401, "Invalid AppId passed on token: x\nFAKE: all good"));

        Assert.Equal("Refused 401 POST /api/messages from 203.0.113.9: Invalid AppId passed on token: x FAKE: all good", logger.LatestRecord.Message);
    }
}
