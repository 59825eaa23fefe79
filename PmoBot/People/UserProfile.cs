namespace PmoBot.People;

/// <summary>What the Users table keeps about a person.</summary>
/// <param name="FirstSeenAt">When PmoBot first heard from them in their personal chat (null until then: the welcome is still due).</param>
public sealed record UserProfile(
    string UserKey,
    string Name,
    string? TeamsUserId,
    string? Email,
    string? TimeZone,
    bool TimeZoneChosenByUser,
    IReadOnlySet<Role> Roles,
    DateTimeOffset? FirstSeenAt);
