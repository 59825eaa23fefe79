using PmoBot.People;

namespace PmoBot.Demo;

/// <summary>
/// The people of the demo organisation. Their ids match the users of <c>.m365agentsplayground.yml</c>, so
/// switching user in the Agents Playground switches role.
/// </summary>
public static class DemoOrganisation
{
    public static readonly IReadOnlyList<DemoPerson> People =
    [
        new("user-id-0", "00000000-0000-0000-0000-000000000020", "Alex Wilber", "alexw@contoso.com", "Europe/London", [Role.Pmo]),
        new("user-id-1", "00000000-0000-0000-0000-000000000021", "Megan Bowen", "meganb@contoso.com", "America/New_York", [Role.ProjectManager]),
        new("user-id-2", "00000000-0000-0000-0000-000000000022", "Adele Vance", "adelev@contoso.com", "Asia/Kolkata", [Role.ProjectManager]),
        new("user-id-3", "00000000-0000-0000-0000-000000000023", "Isaiah Langer", "isaiahl@contoso.com", "Europe/Berlin", [Role.Leader]),
        new("user-id-4", "00000000-0000-0000-0000-000000000024", "Patti Fernandez", "pattif@contoso.com", "Europe/London", [Role.Pmo]),
        new("user-id-5", "00000000-0000-0000-0000-000000000025", "Nestor Wilke", "nestorw@contoso.com", "America/Chicago", []),
    ];

    /// <summary>Alex is the demo admin through configuration (<c>Roles:Admins</c> in appsettings.Development.json).</summary>
    public const string ConfiguredAdminObjectId = "00000000-0000-0000-0000-000000000020";
}

public sealed record DemoPerson(string TeamsUserId, string AadObjectId, string Name, string Email, string TimeZone, IReadOnlyList<Role> Roles)
{
    public UserProfile ToProfile() => new(AadObjectId, Name, TeamsUserId, Email, TimeZone, false, Roles.ToHashSet(), FirstSeenAt: null);
}
