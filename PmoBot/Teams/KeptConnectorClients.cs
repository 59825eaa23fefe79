using System.Collections.Concurrent;
using Microsoft.Bot.Connector;

namespace PmoBot.Teams;

/// <summary>
/// One connector client per app id, service URL and audience, kept across turns and proactive sends, as the SDK's
/// older BotFrameworkAdapter kept them. The client holds nothing of a turn: its credentials cache their own token
/// and its <see cref="HttpClient"/> comes from the app's factory.
/// </summary>
/// <remarks>
/// A kept client is replaced after <see cref="Lifetime"/>, so that its <see cref="HttpClient"/> (whose pooled
/// handler the factory would otherwise rotate every two minutes) picks up DNS changes. The replaced one is not
/// disposed, since a turn may still be using it; it holds no handler of its own, and is collected.
/// </remarks>
internal sealed class KeptConnectorClients(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Far more than one bot's service URLs (one per Teams region) and audiences; reached only by abuse.</summary>
    private const int MaxKept = 64;

    private readonly ConcurrentDictionary<(string AppId, string ServiceUrl, string Audience), Kept> clients = new();

    public async Task<IConnectorClient> GetAsync(string appId, string serviceUrl, string? audience, Func<CancellationToken, Task<IConnectorClient>> create, CancellationToken cancellationToken)
    {
        var key = (appId, serviceUrl, audience ?? string.Empty);
        var now = time.GetUtcNow();
        if (clients.TryGetValue(key, out var kept) && now - kept.Since < Lifetime)
        {
            return kept.Client;
        }

        var made = await create(cancellationToken).ConfigureAwait(false);
        if (made is not ConnectorClient sdkClient)
        {
            return made;
        }

        // Two turns that miss at once each make one; the last kept wins, and both work.
        var client = ReusedClientsAuthentication.ShareContracts(new KeptConnectorClient(sdkClient));
        if (clients.Count >= MaxKept)
        {
            clients.Clear();
        }

        clients[key] = new Kept(client, now);
        return client;
    }

    private sealed record Kept(ConnectorClient Client, DateTimeOffset Since);

    /// <summary>
    /// The SDK's client with the same address, credentials and HTTP client; CloudAdapter disposes a turn's client
    /// when the turn ends, which this one ignores, because the next turn uses it too.
    /// </summary>
    private sealed class KeptConnectorClient(ConnectorClient made)
        : ConnectorClient(made.BaseUri, made.Credentials, made.HttpClient, disposeHttpClient: false)
    {
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2215", Justification = "Not disposing is the point: the client is kept for the next turn, and its HTTP client belongs to the factory.")]
        protected override void Dispose(bool disposing)
        {
        }
    }
}
