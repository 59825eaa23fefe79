namespace PmoBot.People;

/// <summary>A person PmoBot knows. <see cref="UserKey"/> is the Entra (AAD) object id whenever Teams sent one.</summary>
public sealed record PmoUser(
    string UserKey,
    string Name,
    string? TeamsUserId,
    string? Email,
    string? TimeZone,
    IReadOnlySet<Role> StoredRoles,
    bool IsConfiguredAdmin,
    DateTimeOffset? FirstSeenAt)
{
    /// <summary>Stored roles plus Admin for the object ids bootstrapped from configuration (<c>Roles:Admins</c>).</summary>
    public IReadOnlySet<Role> Roles { get; } = IsConfiguredAdmin ? StoredRoles.Append(Role.Admin).ToHashSet() : StoredRoles;

    public bool Has(Role role) => Roles.Contains(role);

    public bool HasAny(IEnumerable<Role> roles) => roles.Any(Roles.Contains);
}

/// <summary>Who is talking to the bot, as Teams identified them on an incoming activity.</summary>
public sealed record CallerIdentity(string? AadObjectId, string TeamsUserId, string? Name, string? TimeZone)
{
    public string UserKey => string.IsNullOrWhiteSpace(AadObjectId) ? TeamsUserId : UserKeys.Normalize(AadObjectId);
}

/// <summary>
/// User keys are Entra object ids in one spelling (lower-case GUID), because table keys are case-sensitive
/// while people, configuration files and Teams may write the same id in any case.
/// </summary>
public static class UserKeys
{
    public static string Normalize(string key) => Guid.TryParse(key, out var id) ? id.ToString("D") : key.Trim();
}
