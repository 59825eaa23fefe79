using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace PmoBot.Teams;

/// <summary>
/// The Microsoft 365 organisations (Entra tenants) whose activities PmoBot takes. A Bot Framework token proves that
/// Teams sent the activity, not from which organisation: anyone who sideloads a manifest naming this bot's id could
/// otherwise register for the PMO's events, read its process library and lessons, and leave conversation addresses
/// for the outbox. The list is <c>MessagesEndpoint:AllowedTenantIds</c> (the Bicep deployment sets it to its own
/// tenant); empty, as in the playground, every tenant is taken and start-up says so outside Development. It is not
/// taken from <c>MicrosoftAppTenantId</c>: where the bot's identity lives need not be where its users are.
/// </summary>
public sealed class TenantAllowList
{
    public const string PublicDetail = "This PmoBot serves one organisation's Microsoft 365 tenant, and this activity does not come from it.";

    private static readonly string Key = $"{MessagesEndpointOptions.SectionName}:{nameof(MessagesEndpointOptions.AllowedTenantIds)}";

    private readonly HashSet<Guid>? allowed;

    public TenantAllowList(IOptions<MessagesEndpointOptions> options)
    {
        var configured = options.Value.AllowedTenantIds.Where(id => !string.IsNullOrWhiteSpace(id)).ToList();
        allowed = configured.Count == 0 ? null : [.. configured.Select(Guid.Parse)];
    }

    /// <summary>Whether every tenant is taken (no list set).</summary>
    public bool TakesAnyTenant => allowed is null;

    /// <summary>The tenants taken, for the start-up log.</summary>
    public string Describe() => allowed is null
        ? "any tenant (set MessagesEndpoint:AllowedTenantIds to limit PmoBot to your organisation)"
        : string.Join(", ", allowed);

    /// <returns>Why the activity is refused (403), or null when its tenant is taken.</returns>
    public Refusal? Refuse(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (allowed is null)
        {
            return null;
        }

        var tenant = TenantOf(activity);
        if (tenant is null)
        {
            return new Refusal(StatusCodes.Status403Forbidden, $"The activity names no tenant (conversation.tenantId, channelData.tenant.id), and {Key} is set.", PublicDetail);
        }

        return Guid.TryParse(tenant, out var id) && allowed.Contains(id)
            ? null
            : new Refusal(StatusCodes.Status403Forbidden, $"The activity comes from tenant {Shorten(tenant)}, which is not in {Key}.", PublicDetail);
    }

    /// <summary>The tenant Teams names: on the conversation, else in its channel data (where older clients put it).</summary>
    private static string? TenantOf(Activity activity) =>
        activity.Conversation?.TenantId is { Length: > 0 } onConversation ? onConversation
        : ActivityMapping.TryGetTeamsChannelData(activity)?.Tenant?.Id is { Length: > 0 } inChannelData ? inChannelData
        : null;

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
