using System.Net;
using Azure.Core;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace PmoBot.Graph;

/// <summary>
/// The one <see cref="GraphServiceClient"/> every feature calls Microsoft Graph through. Ask <see cref="IsConfigured"/>
/// first: without Graph settings there is no client, and the feature says what to set (<see cref="GraphOptions.HowToConfigure"/>).
/// The client is built on first use with the app-only credential (client secret, managed identity, or the stand-in's
/// fixed token), the base URL from <c>Graph:BaseUrl</c>, and the SDK's middleware from <see cref="GraphClientFactory"/>:
/// its retry handler honours <c>Retry-After</c> on 429/503/504 and replays the request (POSTs too, so event creation
/// carries a transaction id), its redirect and compression handlers run as on any Graph client.
/// </summary>
public sealed class GraphClientAccessor(IOptions<GraphOptions> options, Func<TokenCredential> credential, Telemetry.PmoMetrics? metrics = null) : IDisposable
{
    /// <summary>App-only permissions are granted to the app registration; the token asks for all of them.</summary>
    public const string Scope = "https://graph.microsoft.com/.default";

    /// <summary>Retries after the first answer, as the SDK's default: four requests at most.</summary>
    public const int MaxRetries = 3;

    /// <summary>
    /// All of one call's waits together stay under this: a user or a card button waits for the answer. When Graph asks
    /// for longer, the SDK hands back Graph's 429 at once and the answer says to try later (the outbox retries on its own clock).
    /// </summary>
    public static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(20);

    /// <summary>One call, retries and their waits included.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly Lazy<GraphServiceClient> client = new(() => Build(options.Value, credential(), metrics));

    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Where Graph is, for messages that say it could not be reached.</summary>
    public string BaseUrl => options.Value.BaseUrl;

    /// <summary>The client; only when <see cref="IsConfigured"/>.</summary>
    /// <exception cref="InvalidOperationException">Graph is not configured.</exception>
    public GraphServiceClient Client => IsConfigured
        ? client.Value
        : throw new InvalidOperationException($"Microsoft Graph is not configured: an administrator must {GraphOptions.HowToConfigure}");

    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value.Dispose();
        }
    }

    private static GraphServiceClient Build(GraphOptions options, TokenCredential credential, Telemetry.PmoMetrics? metrics)
    {
        var baseUrl = options.BaseUrl.TrimEnd('/');

        // The token goes to the configured Graph host only, never to a host a redirect or a next link names.
        var authentication = new AzureIdentityAuthenticationProvider(credential, [new Uri(baseUrl).Host], null, true, Scope);
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var retry = handlers.OfType<RetryHandler>().Single();
        handlers[handlers.IndexOf(retry)] = new RetryHandler(new RetryHandlerOption { MaxRetry = MaxRetries, RetriesTimeLimit = MaxRetryWait });
        retry.Dispose();
        if (metrics is not null)
        {
            // Innermost, under the retry handler: each answer Graph gave counts, the 429s it retried too.
            handlers.Add(new GraphFailureCounter(metrics));
        }

        // Connections are renewed now and then so a singleton client follows DNS changes.
        var transport = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var http = GraphClientFactory.Create(handlers, finalHandler: transport);
        http.Timeout = CallTimeout;
        return new GraphServiceClient(http, authentication, baseUrl);
    }
}
