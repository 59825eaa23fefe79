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

    public static JsonObject Welcome(PmoUser user) => AdaptiveCard.Create(
        [
            AdaptiveCard.Heading($"Welcome to PmoBot, {user.Name}"),
            AdaptiveCard.Text("PmoBot runs the Project Management Office in Teams: weekly project reviews in chat, early warnings for the PMO, development for project managers, process updates, and portfolio status for leaders."),
            AdaptiveCard.Facts(
            [
                ("Your role", Roles.Describe(user.Roles)),
                ("Your time zone", user.TimeZone ?? "not known yet: type timezone <zone>"),
            ]),
            user.Roles.Count == 0
                ? AdaptiveCard.Text("You have no PmoBot role yet. A PMO member or an admin can give you one.", subtle: true)
                : null,
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

    public static JsonObject RoleList(IReadOnlyList<RoleHolder> holders, TimeZoneInfo viewerZone)
    {
        var body = new List<JsonNode?> { AdaptiveCard.Heading("PmoBot roles") };
        foreach (var role in Roles.All)
        {
            var members = holders.Where(h => h.Role == role).ToList();
            body.Add(AdaptiveCard.Subheading($"{role.DisplayName()} ({members.Count})"));
            body.Add(members.Count == 0
                ? AdaptiveCard.Text("Nobody yet.", subtle: true)
                : AdaptiveCard.Facts(members.Select(m => (m.Name, Describe(m, viewerZone)))));
        }

        return AdaptiveCard.Create(body, [AdaptiveCard.SendMessage("Change a role", "role grant")]);
    }

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
