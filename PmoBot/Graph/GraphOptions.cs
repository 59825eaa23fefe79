using System.ComponentModel.DataAnnotations;

namespace PmoBot.Graph;

/// <summary>
/// Microsoft Graph with app-only credentials: a client secret where one is configured (local runs), otherwise
/// the managed identity (<c>ClientId</c> names the user-assigned identity in Azure).
/// </summary>
public sealed class GraphOptions : IValidatableObject
{
    public const string SectionName = "Graph";

    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0/";

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Use the Azure managed identity when no secret is configured (true in Azure, false locally).</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>
    /// A fixed bearer token instead of Entra ID, for a local Graph stand-in only (<c>scripts/dev.sh</c> sets it with
    /// <c>tools/GraphStandIn</c>); refused unless <see cref="BaseUrl"/> is a loopback address.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>
    /// How long a card press or a dialog waits for Graph before it answers. Teams gives an invoke five seconds, then shows
    /// the person an error and sends the press again; a throttled Graph call waits for its Retry-After. Work still running
    /// then goes on in the background (<see cref="GraphAnswerBudget"/>), and the card says so and is updated when it ends.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:04", ErrorMessage = "Graph:AnswerWithin must be between 0.1 and 4 seconds: Teams gives a card press five seconds, reads and the card's update included.")]
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromSeconds(3);

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(AccessToken)
        || (!string.IsNullOrWhiteSpace(TenantId)
            && (UseManagedIdentity || (!string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret))));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AccessToken) && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.IsLoopback))
        {
            yield return new ValidationResult(
                $"Graph:AccessToken is only for a local Graph stand-in: Graph:BaseUrl must then be a loopback address, not {BaseUrl}",
                [nameof(AccessToken), nameof(BaseUrl)]);
        }
    }

    /// <summary>What an administrator has to set, for messages that say why Graph is not available.</summary>
    public const string HowToConfigure = "set Graph:TenantId and either Graph:ClientId with Graph:ClientSecret, or Graph:UseManagedIdentity";
}
