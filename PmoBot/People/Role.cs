namespace PmoBot.People;

public enum Role
{
    ProjectManager,
    Pmo,
    Leader,
    Admin,
}

public static class Roles
{
    public static readonly IReadOnlyList<Role> All = Enum.GetValues<Role>();

    public static readonly IReadOnlySet<Role> PmoOrAdmin = new HashSet<Role> { Role.Pmo, Role.Admin };

    private static readonly Dictionary<string, Role> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pm"] = Role.ProjectManager,
        ["projectmanager"] = Role.ProjectManager,
        ["project-manager"] = Role.ProjectManager,
        ["pmo"] = Role.Pmo,
        ["leader"] = Role.Leader,
        ["admin"] = Role.Admin,
    };

    public static bool TryParse(string text, out Role role) => Names.TryGetValue(text.Trim(), out role);

    public static string DisplayName(this Role role) => role switch
    {
        Role.ProjectManager => "Project manager",
        Role.Pmo => "PMO",
        Role.Leader => "Leader",
        Role.Admin => "Admin",
        _ => role.ToString(),
    };

    /// <summary>The word typed in commands (<c>pm</c>, <c>pmo</c>, <c>leader</c>, <c>admin</c>).</summary>
    public static string ShortName(this Role role) => role == Role.ProjectManager ? "pm" : role.ToString().ToLowerInvariant();

    /// <summary>"PMO, Leader" for the roles someone holds.</summary>
    public static string Describe(IEnumerable<Role> roles)
    {
        var list = roles.Order().Select(DisplayName).ToList();
        return list.Count == 0 ? "no role yet" : string.Join(", ", list);
    }

    /// <summary>"your role is PMO, Leader", or "you have no role yet", for telling someone what they hold.</summary>
    public static string YourRoles(IReadOnlyCollection<Role> roles) => Telling(roles, "your role is");

    /// <summary>"you are PMO, Leader", or "you have no role yet".</summary>
    public static string YouAre(IReadOnlyCollection<Role> roles) => Telling(roles, "you are");

    private static string Telling(IReadOnlyCollection<Role> roles, string lead)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Count == 0 ? "you have no role yet" : $"{lead} {Describe(roles)}";
    }

    /// <summary>"PMO or Admin" for the roles that may do something.</summary>
    public static string DescribeAny(IEnumerable<Role> roles)
    {
        var list = roles.Order().Select(DisplayName).ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} or {list[^1]}";
    }

    internal static string Serialize(IEnumerable<Role> roles) => string.Join(',', roles.Distinct().Order());

    internal static IReadOnlySet<Role> Deserialize(string? text) =>
        (text ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => Enum.TryParse<Role>(name, out var role) ? (Role?)role : null)
            .OfType<Role>()
            .ToHashSet();
}
