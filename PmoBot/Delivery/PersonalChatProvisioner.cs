using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Models;
using PmoBot.Conversations;
using PmoBot.Graph;

namespace PmoBot.Delivery;

/// <summary>
/// Reaches a person who never opened PmoBot: installs the app for them through Graph
/// (<c>POST /users/{id}/teamwork/installedApps</c>, application permission
/// <c>TeamsAppInstallation.ReadWriteSelfForUser.All</c>), opens the personal chat through the connector, and
/// stores its reference like any other. The SDK's retry handler waits out short throttling; a longer wait
/// Graph asks for goes back to the outbox, which retries the delivery after it.
/// </summary>
public sealed partial class PersonalChatProvisioner(
    GraphClientAccessor graphClient,
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
        if (!graphClient.IsConfigured || string.IsNullOrWhiteSpace(install.AppCatalogId))
        {
            throw new RecipientUnreachableException(0,
                $"this person had not opened PmoBot yet, and PmoBot cannot install itself for them because proactive installation is not configured ({GraphOptions.HowToConfigure}, and Teams:AppCatalogId)");
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
        var installation = new UserScopeTeamsAppInstallation
        {
            AdditionalData = new Dictionary<string, object>
            {
                ["teamsApp@odata.bind"] = $"{graph.BaseUrl.TrimEnd('/')}/appCatalogs/teamsApps/{Uri.EscapeDataString(catalogId)}",
            },
        };
        try
        {
            await graphClient.Client.Users[userKey].Teamwork.InstalledApps.PostAsync(installation, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (GraphFailure.TryRead(ex, out var failure))
        {
            // 409: already installed for this user; the chat exists, only its reference is missing here.
            if (failure.Status != HttpStatusCode.Conflict)
            {
                throw RefusalOf(failure, graph, catalogId);
            }
        }
    }

    private static Exception RefusalOf(GraphFailure failure, GraphOptions graph, string catalogId)
    {
        var status = failure.Code;
        if (failure.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new RecipientUnreachableException(status,
                $"Graph refused to install PmoBot for this person ({status}): the app registration needs the application permission {InstallPermission}, granted by an admin");
        }

        if (failure.Status == HttpStatusCode.NotFound)
        {
            return new RecipientUnreachableException(status,
                $"Graph found no such user or no app {catalogId} in the Teams app catalog (404); check Teams:AppCatalogId and that the person is in tenant {graph.TenantId}");
        }

        return new DeliveryRejectedException(status, failure.RetryAfter, $"Graph could not install PmoBot for this person ({status}: {failure.Detail})");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed PmoBot for {UserKey} and opened personal chat {ConversationId}")]
    private partial void LogProvisioned(string userKey, string conversationId);
}
