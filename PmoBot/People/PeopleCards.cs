using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;

namespace PmoBot.People;

/// <summary>The cards of the People feature and the verbs their buttons send.</summary>
public static class PeopleCards
{
    public const string RoleChangeVerb = "role.change";
    public const string PersonField = "person";
    public const string RoleField = "role";
    public const string ChangeField = "change";

    /// <param name="waiting">What is waiting for the person now, a line per feature (<see cref="IWelcomeNote"/>).</param>
    public static JsonObject Welcome(PmoUser user, IReadOnlyList<string>? waiting = null) => AdaptiveCard.Create(
        [
            AdaptiveCard.Heading($"Welcome to PmoBot, {user.Name}"),
            AdaptiveCard.Text("PmoBot runs the Project Management Office in Teams: weekly project reviews in chat, early warnings for the PMO, development for project managers, process updates, and portfolio status for leaders."),
            AdaptiveCard.Facts(
            [
                ("Your role", Roles.Describe(user.Roles)),
                ("Your time zone", user.TimeZone ?? "not known yet: type timezone ‹zone›"),
            ]),
            user.Roles.Count == 0
                ? AdaptiveCard.Text("You have no PmoBot role yet. A PMO member or an admin can give you one.", subtle: true)
                : null,
            .. (waiting ?? []).Select(line => AdaptiveCard.Text(line)),
        ],
        [AdaptiveCard.SendMessage("Show what I can do", CommandRouter.HelpCommand)]);

    public static JsonObject WhoAmI(PmoUser user) => AdaptiveCard.Create(
    [
        AdaptiveCard.Heading(user.Name),
        AdaptiveCard.Facts(
        [
            ("Roles", Roles.Describe(user.Roles) + (user.IsConfiguredAdmin ? " (Admin from configuration)" : string.Empty)),
            ("Time zone", user.TimeZone ?? "not known yet"),
            ("E-mail", user.Email ?? "not known"),
            ("Entra object id", user.UserKey),
        ]),
    ]);

    /// <summary>Names shown per role in the overview; the rest are a click away, so the card stays within Teams' size limit.</summary>
    public const int OverviewNamesPerRole = 10;

    public const int NamesPerPage = 40;

    public static JsonObject RoleList(IReadOnlyList<RoleHolder> holders, TimeZoneInfo viewerZone)
    {
        var body = new List<JsonNode?> { AdaptiveCard.Heading("PmoBot roles"), AdaptiveCard.Text(UserTimeZones.TimesIn(viewerZone), subtle: true) };
        var actions = new List<JsonNode?>();
        foreach (var role in Roles.All)
        {
            var members = holders.Where(h => h.Role == role).ToList();
            body.Add(AdaptiveCard.Subheading($"{role.DisplayName()} ({members.Count})"));
            body.Add(members.Count == 0
                ? AdaptiveCard.Text("Nobody yet.", subtle: true)
                : AdaptiveCard.Facts(members.Take(OverviewNamesPerRole).Select(m => (m.Name, Describe(m, viewerZone)))));
            if (members.Count > OverviewNamesPerRole)
            {
                body.Add(AdaptiveCard.Text($"and {members.Count - OverviewNamesPerRole:N0} more: type **{RoleListCommand(role)}**", subtle: true));
                actions.Add(AdaptiveCard.SendMessage($"All {role.DisplayName()} ({members.Count})", RoleListCommand(role)));
            }
        }

        actions.Add(AdaptiveCard.SendMessage("Change a role", "role grant"));
        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>One role's holders, a page at a time.</summary>
    public static JsonObject RoleMembers(Role role, IReadOnlyList<RoleHolder> holders, int page, TimeZoneInfo viewerZone)
    {
        var (shown, number, pages, _) = Page.Of(holders, page, NamesPerPage);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{role.DisplayName()} ({holders.Count})"),
            AdaptiveCard.Text((pages > 1 ? $"Page {number} of {pages}. " : string.Empty) + UserTimeZones.TimesIn(viewerZone), subtle: true),
            shown.Count == 0 ? AdaptiveCard.Text("Nobody yet.", subtle: true) : AdaptiveCard.Facts(shown.Select(m => (m.Name, Describe(m, viewerZone)))),
        };
        var actions = new List<JsonNode?>();
        if (number < pages)
        {
            actions.Add(AdaptiveCard.SendMessage("More", $"{RoleListCommand(role)} {number + 1}"));
        }

        return AdaptiveCard.Create(body, actions);
    }

    private static string RoleListCommand(Role role) => $"role list {role.ShortName()}";

    /// <summary>The form behind <c>role grant</c> with no arguments; after a submit it shows the outcome in place.</summary>
    public static JsonObject RoleChangeForm(string? person = null, string? role = null, RoleChangeResult? outcome = null)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Change a role"),
            outcome is null ? null : AdaptiveCard.Text(outcome.Message, color: outcome.Succeeded ? "Good" : "Attention"),
            AdaptiveCard.TextInput(PersonField, "Person (name, e-mail or Entra object id)", person, "e.g. Megan Bowen", required: true, errorMessage: "Say who."),
            AdaptiveCard.ChoiceInput(RoleField, "Role", Roles.All.Select(r => (r.DisplayName(), r.ToString().ToLowerInvariant())), role, required: true, errorMessage: "Pick a role."),
        };
        return AdaptiveCard.Create(
            body,
            [
                AdaptiveCard.Execute("Grant", RoleChangeVerb, new JsonObject { [ChangeField] = nameof(RoleChangeKind.Grant) }, style: "positive"),
                AdaptiveCard.Execute("Revoke", RoleChangeVerb, new JsonObject { [ChangeField] = nameof(RoleChangeKind.Revoke) }, style: "destructive"),
            ]);
    }

    private static string Describe(RoleHolder holder, TimeZoneInfo zone) =>
        holder.GrantedAt is { } at
            ? $"{holder.Source}, {TimeZoneInfo.ConvertTime(at, zone).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)}"
            : holder.Source;
}
