namespace PmoBot.People;

/// <summary>What the Users table keeps about a person.</summary>
public sealed record UserProfile(
    string UserKey,
    string Name,
    string? TeamsUserId,
    string? Email,
    string? TimeZone,
    bool TimeZoneChosenByUser,
    IReadOnlySet<Role> Roles,
    DateTimeOffset? FirstSeenAt);
