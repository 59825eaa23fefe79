using Microsoft.Extensions.Options;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

public sealed class DeliveryRetryPolicyTests
{
    private const int Samples = 500;

    private readonly DeliveryRetryPolicy policy = new(Options.Create(new DeliveryOptions
    {
        FirstRetryDelay = TimeSpan.FromSeconds(2),
        MaxRetryDelay = TimeSpan.FromSeconds(60),
    }));

    [Fact]
    public void The_retry_after_teams_sent_is_the_delay()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), policy.DelayBeforeAttempt(3, TimeSpan.FromSeconds(7)));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(5, 32)]
    public void Without_retry_after_the_backoff_doubles_per_attempt_with_jitter_of_up_to_half(int attemptsSoFar, double ceilingSeconds)
    {
        var delays = DelaysBefore(attemptsSoFar, retryAfter: null);

        Assert.All(delays, d => Assert.InRange(d.TotalSeconds, ceilingSeconds / 2, ceilingSeconds));
        Assert.True(delays.Distinct().Count() > Samples / 2, "the delays should be jittered, not all alike");
        Assert.True(delays.Min().TotalSeconds < ceilingSeconds * 0.6 && delays.Max().TotalSeconds > ceilingSeconds * 0.9, "the jitter should spread over the whole range");
    }

    [Fact]
    public void The_backoff_never_exceeds_the_maximum_delay()
    {
        Assert.All(DelaysBefore(30, retryAfter: null), d => Assert.InRange(d.TotalSeconds, 30, 60));
    }

    [Fact]
    public void A_retry_after_of_zero_falls_back_to_the_backoff()
    {
        Assert.All(DelaysBefore(1, TimeSpan.Zero), d => Assert.InRange(d.TotalSeconds, 1, 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(412)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void Throttling_precondition_gateway_and_server_errors_are_retried(int status)
    {
        Assert.True(DeliveryRetryPolicy.IsTransient(status));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(413)]
    [InlineData(501)]
    public void Other_client_errors_are_final(int status)
    {
        Assert.False(DeliveryRetryPolicy.IsTransient(status));
    }

    [Theory]
    [InlineData(403, true)]
    [InlineData(404, true)]
    [InlineData(400, false)]
    [InlineData(429, false)]
    [InlineData(503, false)]
    public void Only_forbidden_and_not_found_mean_the_conversation_is_gone(int status, bool unreachable)
    {
        Assert.Equal(unreachable, DeliveryRetryPolicy.MeansUnreachable(status));
    }

    private List<TimeSpan> DelaysBefore(int attemptsSoFar, TimeSpan? retryAfter) =>
        Enumerable.Range(0, Samples).Select(_ => policy.DelayBeforeAttempt(attemptsSoFar, retryAfter)).ToList();
}
