using System.ComponentModel.DataAnnotations;

namespace PmoBot.Teams;

/// <summary>Limits on what <c>/api/messages</c> accepts, and on how much its refusals may cost.</summary>
public sealed class MessagesEndpointOptions : IValidatableObject
{
    public const string SectionName = "MessagesEndpoint";

    /// <summary>
    /// The largest activity accepted. Teams' own messages stay far below it (a message's text is capped at about
    /// 28 KB); a larger body is refused with 413 before it is read.
    /// </summary>
    [Range(16 * 1024, 30 * 1024 * 1024)]
    public int MaxActivityBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Requests from one client address that may fail authentication within <see cref="FailedAuthenticationWindow"/>
    /// before the address is answered 429. Requests that authenticate are never counted and never limited.
    /// </summary>
    [Range(1, 100_000)]
    public int FailedAuthenticationLimit { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FailedAuthenticationWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Refused requests logged per minute, one warning line each; past it they are counted and the count is
    /// logged once the minute is over, so a client cannot flood the log.
    /// </summary>
    [Range(1, 100_000)]
    public int RefusalLogLinesPerMinute { get; set; } = 20;

    /// <summary>
    /// The Entra tenant ids (GUIDs) whose activities are taken; any other tenant's are answered 403. Empty takes every
    /// tenant, as the playground needs (see <see cref="TenantAllowList"/>).
    /// </summary>
    public List<string> AllowedTenantIds { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var id in AllowedTenantIds.Where(id => !string.IsNullOrWhiteSpace(id) && !Guid.TryParse(id, out _)))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(AllowedTenantIds)} holds '{id}', which is not a tenant id (a GUID, as Entra shows it under Tenant ID).",
                [nameof(AllowedTenantIds)]);
        }
    }
}
