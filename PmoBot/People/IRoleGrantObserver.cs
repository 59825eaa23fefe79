namespace PmoBot.People;

/// <summary>A feature that acts when someone is given a role or loses one (telling them what changed for them).</summary>
public interface IRoleGrantObserver
{
    Task RoleGrantedAsync(PmoUser target, Role role, PmoUser grantedBy, CancellationToken cancellationToken);

    /// <summary><paramref name="target"/> as they were before the role was taken away.</summary>
    Task RoleRevokedAsync(PmoUser target, Role role, PmoUser revokedBy, CancellationToken cancellationToken);
}
