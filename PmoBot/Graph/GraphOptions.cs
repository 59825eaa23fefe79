using System.ComponentModel.DataAnnotations;

namespace PmoBot.Graph;

/// <summary>
/// Microsoft Graph with app-only credentials: a client secret where one is configured (local runs), otherwise
/// the managed identity (<c>ClientId</c> names the user-assigned identity in Azure).
/// </summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";
    public const string HttpClientName = "graph";

    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0/";

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Use the Azure managed identity when no secret is configured (true in Azure, false locally).</summary>
    public bool UseManagedIdentity { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(TenantId)
        && (UseManagedIdentity || (!string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret)));

    /// <summary>What an administrator has to set, for messages that say why Graph is not available.</summary>
    public const string HowToConfigure = "set Graph:TenantId and either Graph:ClientId with Graph:ClientSecret, or Graph:UseManagedIdentity";
}
