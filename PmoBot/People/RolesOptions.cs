namespace PmoBot.People;

public sealed class RolesOptions
{
    public const string SectionName = "Roles";

    /// <summary>Entra object ids that are always Admin, so a new installation has someone who can grant roles.</summary>
    public List<string> Admins { get; set; } = [];

    public bool IsConfiguredAdmin(string userKey) => Admins.Any(admin => UserKeys.Normalize(admin) == UserKeys.Normalize(userKey));
}
