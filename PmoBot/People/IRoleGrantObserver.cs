namespace PmoBot.People;

/// <summary>A feature that acts when someone is given a role (telling them what they can do now).</summary>
public interface IRoleGrantObserver
{
    Task RoleGrantedAsync(PmoUser target, Role role, PmoUser grantedBy, CancellationToken cancellationToken);
}
