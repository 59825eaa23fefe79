using PmoBot.Commands;

namespace PmoBot.People;

public sealed class PeopleCommands(PeopleDirectory people, RoleAdministration administration, IEnumerable<ITimeZoneChangeObserver>? timeZoneObservers = null) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("whoami", "whoami", "Your name, roles and time zone", new HashSet<Role>(), WhoAmIAsync),
        new("timezone", "timezone ‹zone›", "Set your time zone, e.g. timezone Europe/London", new HashSet<Role>(), TimeZoneAsync),
        new("role list", "role list [role] [page]", "Who holds which PmoBot role", Roles.PmoOrAdmin, RoleListAsync),
        new("role grant", "role grant ‹person› ‹role›", "Give someone a role (pm, pmo, leader, admin)", Roles.PmoOrAdmin, (r, ct) => ChangeRoleAsync(r, RoleChangeKind.Grant, ct)),
        new("role revoke", "role revoke ‹person› ‹role›", "Take a role away from someone", Roles.PmoOrAdmin, (r, ct) => ChangeRoleAsync(r, RoleChangeKind.Revoke, ct)),
    ];

    private static Task<Reply> WhoAmIAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Reply.WithCard(PeopleCards.WhoAmI(request.Caller)));

    private async Task<Reply> TimeZoneAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Arguments.Length == 0)
        {
            return Reply.Message($"Your time zone is {request.Caller.TimeZone ?? "not known yet"}. Change it with **timezone ‹zone›**, e.g. timezone Europe/Berlin or timezone America/New_York.");
        }

        if (!UserTimeZones.TryParse(request.Arguments, out var zone))
        {
            var closest = UserTimeZones.Closest(request.Arguments);
            return Reply.Message($"\"{CommandText.Echoed(request.Arguments)}\" is not a time zone I know."
                + (closest is null ? string.Empty : $" Did you mean **{closest}**? Type **timezone {closest}**.")
                + " Use an IANA name such as Europe/London, Asia/Kolkata or America/Chicago, or a city such as London or New York.");
        }

        var updated = await people.SetTimeZoneAsync(request.Caller, zone, cancellationToken);
        foreach (var observer in timeZoneObservers ?? [])
        {
            await observer.TimeZoneChangedAsync(updated.UserKey, cancellationToken);
        }

        return Reply.Message($"Done: your time zone is now {updated.TimeZone}. Reviews and reminders will follow your local time.");
    }

    private async Task<Reply> RoleListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var zone = UserTimeZones.Resolve(request.Caller.TimeZone);
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return Reply.WithCard(PeopleCards.RoleList(await people.ListRoleHoldersAsync(cancellationToken), zone));
        }

        if (!Roles.TryParse(words[0], out var role))
        {
            return Reply.Message($"\"{words[0]}\" is not a PmoBot role. Use {RoleAdministration.RoleNames}, e.g. **role list pmo**.");
        }

        var page = 1;
        if (words.Length > 1 && (!int.TryParse(words[1], out page) || page < 1))
        {
            return Reply.Message($"\"{words[1]}\" is not a page number. Pages start at 1, e.g. **role list {role.ShortName()} 2**.");
        }

        var holders = await people.ListRoleHoldersAsync(cancellationToken, role);
        var pages = Page.CountOf(holders.Count, PeopleCards.NamesPerPage);
        return page > pages
            ? Reply.Message(Page.PastTheEnd(page, $"the {holders.Count:N0} {role.DisplayName()} holders", pages, $"role list {role.ShortName()}"))
            : Reply.WithCard(PeopleCards.RoleMembers(role, holders, page, zone));
    }

    private async Task<Reply> ChangeRoleAsync(CommandRequest request, RoleChangeKind kind, CancellationToken cancellationToken)
    {
        if (request.Arguments.Length == 0)
        {
            return Reply.WithCard(PeopleCards.RoleChangeForm());
        }

        var (person, role) = RoleAdministration.ParseArguments(request.Arguments);
        var result = await administration.ChangeAsync(request.Caller, kind, person, role, request.Mentions, cancellationToken);
        return Reply.Message(result.Message);
    }
}

/// <summary>The Grant and Revoke buttons of the role form.</summary>
public sealed class RoleChangeCardAction(RoleAdministration administration) : ICardActionHandler
{
    public string Verb => PeopleCards.RoleChangeVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var person = request.Field(PeopleCards.PersonField);
        var role = request.Field(PeopleCards.RoleField);
        var result = EnumText.TryParse<RoleChangeKind>(request.Field(PeopleCards.ChangeField), out var kind)
            ? await administration.ChangeAsync(request.Caller, kind, person, role, [], cancellationToken)
            : new RoleChangeResult(false, "This button did not say whether to grant or revoke. Nothing was changed; use the Grant or Revoke button.");
        return Reply.WithCard(PeopleCards.RoleChangeForm(person, role, result), result.Message);
    }
}
