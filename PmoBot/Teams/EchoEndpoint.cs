using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace PmoBot.Teams;

/// <summary>
/// A benchmark aid: <c>POST /api/echo</c> runs a message through the same pipeline as <c>/api/messages</c> (activity
/// reading, authentication, the rate limiter, the envelope check, the connector client that sends the reply) to a
/// bot that only echoes the text and touches no storage. Its latency is the framework's floor on this host, against which the real bot's turns are measured
/// (<c>./scripts/bench.sh reviews</c>). Off unless configuration <c>Diagnostics:EchoEndpoint</c> is <c>true</c>, so
/// production never serves it.
/// </summary>
public static class EchoEndpoint
{
    public const string Route = "/api/echo";
    public const string Switch = "Diagnostics:EchoEndpoint";

    private static readonly EchoBot Bot = new();

    public static IEndpointRouteBuilder MapEchoForBenchmarks(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetValue<bool>(Switch))
        {
            return endpoints;
        }

        endpoints.MapPost(Route, (HttpContext context) => MessagesEndpoint.HandleAsync(context, Bot)).ReceivesBotActivities();
        return endpoints;
    }

    /// <summary>Replies with the message's text, as the smallest turn that still sends a reply to the connector.</summary>
    private sealed class EchoBot : ActivityHandler
    {
        protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
            turnContext.SendActivityAsync(MessageFactory.Text(turnContext.Activity.Text ?? string.Empty), cancellationToken);
    }
}
