using Microsoft.Extensions.Logging.Abstractions;

namespace PmoBot.People;

public enum RoleChangeKind
{
    Grant,
    Revoke,
}

public sealed record RoleChangeResult(bool Succeeded, string Message);

/// <summary>
/// The rules for changing someone's role, shared by the <c>role grant</c>/<c>role revoke</c> commands and the
/// role card: PMO and admins change roles, only admins hand out or take away Admin, and admins bootstrapped
/// from configuration stay admins until the configuration changes.
/// </summary>
public sealed partial class RoleAdministration(PeopleDirectory people, IEnumerable<IRoleGrantObserver>? grantObservers = null, ILogger<RoleAdministration>? logger = null)
{
    public const string RoleNames = "pm, pmo, leader or admin";

    public async Task<RoleChangeResult> ChangeAsync(
        PmoUser actor, RoleChangeKind kind, string? person, string? roleText, IReadOnlyList<MentionedPerson> mentions, CancellationToken cancellationToken)
    {
        var verb = kind == RoleChangeKind.Grant ? "grant" : "revoke";
        if (string.IsNullOrWhiteSpace(person) || string.IsNullOrWhiteSpace(roleText))
        {
            return Fail($"Say who and which role: **role {verb} ‹name, e-mail or @mention› ‹role›**, where the role is {RoleNames}.");
        }

        if (!Roles.TryParse(roleText, out var role))
        {
            return Fail($"\"{roleText}\" is not a PmoBot role. Use {RoleNames}.");
        }

        if (!actor.HasAny(Roles.PmoOrAdmin))
        {
            return Fail("Only the PMO and admins change roles. Nothing was changed.");
        }

        if (role == Role.Admin && !actor.Has(Role.Admin))
        {
            return Fail($"Only an admin can {verb} the Admin role. Nothing was changed.");
        }

        var search = await people.FindAsync(person, mentions, cancellationToken);
        if (search is PersonSearch.NotFound notFound)
        {
            return Fail($"{notFound.Sentence} An @mention also works. Nothing was changed.");
        }

        if (search is PersonSearch.Ambiguous ambiguous)
        {
            return Fail($"{ambiguous.Sentence} Nothing was changed.");
        }

        var target = ((PersonSearch.Found)search).User;
        if (kind == RoleChangeKind.Grant)
        {
            var granted = await people.GrantAsync(target, role, actor, cancellationToken);
            if (granted == RoleChangeOutcome.Changed)
            {
                await NotifyAsync(observer => observer.RoleGrantedAsync(target, role, actor, cancellationToken), target, role, cancellationToken);
            }

            return granted == RoleChangeOutcome.Changed
                ? new RoleChangeResult(true, $"{target.Name} is now {role.DisplayName()}.")
                : new RoleChangeResult(true, $"{target.Name} already holds {role.DisplayName()}; nothing changed.");
        }

        if (role == Role.Admin && target.IsConfiguredAdmin)
        {
            return Fail($"{target.Name} is an admin through configuration (Roles:Admins); remove them there to take the role away.");
        }

        var revoked = await people.RevokeAsync(target, role, cancellationToken);
        if (revoked == RoleChangeOutcome.Changed)
        {
            await NotifyAsync(observer => observer.RoleRevokedAsync(target, role, actor, cancellationToken), target, role, cancellationToken);
        }

        return revoked == RoleChangeOutcome.Changed
            ? new RoleChangeResult(true, $"{target.Name} no longer holds {role.DisplayName()}.")
            : new RoleChangeResult(true, $"{target.Name} did not hold {role.DisplayName()}; nothing changed.");
    }

    /// <summary>Splits "Megan Bowen pmo" into the person and the role: the role is always the last word.</summary>
    public static (string? Person, string? Role) ParseArguments(string arguments)
    {
        var text = arguments.Trim();
        var lastSpace = text.LastIndexOf(' ');
        return lastSpace < 0
            ? (text.Length == 0 ? null : text, null)
            : (text[..lastSpace].Trim(), text[(lastSpace + 1)..]);
    }

    /// <summary>
    /// The change stands whatever an observer does: a notice that could not be queued is logged, not an error for the
    /// person who made the change (a retry would find nothing to change and notify nobody).
    /// </summary>
    private async Task NotifyAsync(Func<IRoleGrantObserver, Task> notify, PmoUser target, Role role, CancellationToken cancellationToken)
    {
        foreach (var observer in grantObservers ?? [])
        {
            try
            {
                await notify(observer);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogObserverFailed(logger ?? NullLogger<RoleAdministration>.Instance, ex, observer.GetType().Name, target.UserKey, role);
            }
        }
    }

    private static RoleChangeResult Fail(string message) => new(false, message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Observer} failed after {UserKey}'s {Role} role changed; the change stands")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string observer, string userKey, Role role);
}
