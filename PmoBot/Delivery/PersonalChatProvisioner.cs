using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using PmoBot.Conversations;
using PmoBot.Graph;

namespace PmoBot.Delivery;

/// <summary>
/// Reaches a person who never opened PmoBot: installs the app for them through Graph
/// (<c>POST /users/{id}/teamwork/installedApps</c>, application permission
/// <c>TeamsAppInstallation.ReadWriteSelfForUser.All</c>), opens the personal chat through the connector, and
/// stores its reference like any other.
/// </summary>
public sealed partial class PersonalChatProvisioner(
    IHttpClientFactory httpClients,
    IOptions<GraphOptions> graphOptions,
    IOptions<ProactiveInstallOptions> installOptions,
    IConversationSender sender,
    ConversationReferenceStore conversations,
    ILogger<PersonalChatProvisioner> logger)
{
    public const string InstallPermission = "TeamsAppInstallation.ReadWriteSelfForUser.All";

    public async Task<ConversationAddress> ProvisionAsync(string userKey, CancellationToken cancellationToken)
    {
        var graph = graphOptions.Value;
        var install = installOptions.Value;
        if (!graph.IsConfigured || string.IsNullOrWhiteSpace(install.AppCatalogId))
        {
            throw new RecipientUnreachableException(0,
                $"this person has never opened PmoBot, and PmoBot cannot install itself for them because proactive installation is not configured ({GraphOptions.HowToConfigure}, and Teams:AppCatalogId)");
        }

        if (!Guid.TryParse(userKey, out _))
        {
            throw new RecipientUnreachableException(0, $"'{userKey}' is not an Entra object id, so PmoBot cannot install itself for this person");
        }

        await InstallAsync(graph, install.AppCatalogId, userKey, cancellationToken);
        var address = await sender.CreatePersonalConversationAsync(graph.TenantId!, userKey, install.ServiceUrl, cancellationToken);
        await conversations.SaveAsync(address, cancellationToken);
        LogProvisioned(userKey, address.ConversationId);
        return address;
    }

    private async Task InstallAsync(GraphOptions graph, string catalogId, string userKey, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(GraphOptions.HttpClientName);
        var body = new Dictionary<string, string> { ["teamsApp@odata.bind"] = new Uri(client.BaseAddress!, $"appCatalogs/teamsApps/{Uri.EscapeDataString(catalogId)}").ToString() };
        using var response = await client.PostAsJsonAsync($"users/{Uri.EscapeDataString(userKey)}/teamwork/installedApps", body, cancellationToken);

        // 409: already installed for this user; the chat exists, only its reference is missing here.
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict)
        {
            return;
        }

        throw RefusalOf(response, graph, catalogId);
    }

    private static Exception RefusalOf(HttpResponseMessage response, GraphOptions graph, string catalogId)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new RecipientUnreachableException(status,
                $"Graph refused to install PmoBot for this person ({status}): the app registration needs the application permission {InstallPermission}, granted by an admin");
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new RecipientUnreachableException(status,
                $"Graph found no such user or no app {catalogId} in the Teams app catalog (404); check Teams:AppCatalogId and that the person is in tenant {graph.TenantId}");
        }

        var retryAfter = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return new DeliveryRejectedException(status, retryAfter, $"Graph could not install PmoBot for this person ({status} {response.ReasonPhrase})");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed PmoBot for {UserKey} and opened personal chat {ConversationId}")]
    private partial void LogProvisioned(string userKey, string conversationId);
}
