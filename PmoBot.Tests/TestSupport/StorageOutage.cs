using System.Text.RegularExpressions;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// An Azurite (its table and queue services) behind <see cref="TcpProxy"/> proxies: <see cref="ConnectionString"/>
/// reaches it through them, and <see cref="GoAwayFor"/> makes it unreachable for a while. Also used by the delivery
/// benchmark (tools/PmoBot.Bench links this file).
/// </summary>
public sealed partial class StorageOutage : IAsyncDisposable
{
    private readonly TcpProxy[] proxies;

    private StorageOutage(string connectionString, TcpProxy[] proxies)
    {
        ConnectionString = connectionString;
        this.proxies = proxies;
    }

    public string ConnectionString { get; }

    /// <param name="azurite">A connection string with explicit <c>http://127.0.0.1:port</c> endpoints.</param>
    public static StorageOutage InFrontOf(string azurite)
    {
        var proxies = new List<TcpProxy>();
        var connectionString = EndpointPort().Replace(azurite, match =>
        {
            var proxy = TcpProxy.Start(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            proxies.Add(proxy);
            return $"{match.Groups["prefix"].Value}{proxy.Port}";
        });
        return new StorageOutage(connectionString, [.. proxies]);
    }

    /// <summary>Storage refuses connections from now (open ones are cut) until <paramref name="duration"/> has passed.</summary>
    public Task GoAwayFor(TimeSpan duration)
    {
        foreach (var proxy in proxies)
        {
            proxy.Refuse();
        }

        return Task.Delay(duration).ContinueWith(_ => Array.ForEach(proxies, p => p.Accept()), TaskScheduler.Default);
    }

    /// <summary>Storage refuses connections from now on: the instance behind these proxies is cut off for good.</summary>
    public void GoAway() => Array.ForEach(proxies, p => p.Refuse());

    public void ComeBack() => Array.ForEach(proxies, p => p.Accept());

    /// <summary>Storage takes requests from now on and answers none (open connections too) until <see cref="Answer"/>.</summary>
    public void StopAnswering() => Array.ForEach(proxies, p => p.Stall());

    public void Answer() => Array.ForEach(proxies, p => p.Flow());

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in proxies)
        {
            await proxy.DisposeAsync();
        }
    }

    [GeneratedRegex(@"(?<prefix>(?:Queue|Table)Endpoint=http://127\.0\.0\.1:)(?<port>\d+)")]
    private static partial Regex EndpointPort();
}
