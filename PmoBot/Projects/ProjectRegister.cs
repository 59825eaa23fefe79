using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Projects;

public abstract record ProjectSaveResult
{
    public sealed record Saved(StoredProject Project, bool Created) : ProjectSaveResult;

    public sealed record Unchanged(StoredProject Project) : ProjectSaveResult;

    public sealed record AlreadyExists(StoredProject Existing) : ProjectSaveResult;

    /// <summary>Someone saved the project after the version the change was based on; nothing was written.</summary>
    public sealed record Conflict(StoredProject Latest) : ProjectSaveResult;

    public sealed record NotFound(string Code) : ProjectSaveResult;
}

public enum ImportOutcome
{
    Created,
    Updated,
    Unchanged,
}

/// <summary>
/// The project register: every change goes to the <c>Projects</c> row first (ETag-guarded) and then to the
/// <c>ProjectsByManager</c> index, so a PM's list follows a new PM, a deputy or a closed project, and repeating a
/// save repairs an index write that failed.
/// </summary>
public sealed class ProjectRegister(ProjectStore projects, ProjectsByManagerStore byManager, TimeProvider time)
{
    public Task<StoredProject?> GetAsync(string code, CancellationToken cancellationToken) => projects.GetAsync(code, cancellationToken);

    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(CancellationToken cancellationToken) =>
        Sorted(await projects.ListSummariesAsync(cancellationToken));

    public async Task<IReadOnlyList<ProjectSummary>> ListManagedByAsync(string userKey, CancellationToken cancellationToken) =>
        Sorted((await byManager.ListAsync(userKey, cancellationToken)).Select(r => r.Project));

    /// <summary>
    /// The projects <paramref name="view"/> shows, by code: for the whole portfolio the register's summaries (one
    /// partition, summary columns only); for someone who sees only their own projects their index (their partition);
    /// otherwise the register (one partition) filtered by <see cref="IProjectView.CanSee"/>.
    /// </summary>
    public async Task<IReadOnlyList<ProjectSummary>> ListVisibleAsync(IProjectView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Everything
            ? await ListAsync(cancellationToken)
            : view.OnlyOwnProjects
                ? await ListManagedByAsync(view.UserKey, cancellationToken)
                : Sorted((await projects.ListAsync(cancellationToken)).Select(p => p.Project).Where(view.CanSee).Select(p => p.Summary));
    }

    /// <summary>The codes of the projects <paramref name="view"/> shows, or null when it shows every project (there is nothing to filter).</summary>
    public async Task<IReadOnlySet<string>?> VisibleCodesAsync(IProjectView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Everything
            ? null
            : (await ListVisibleAsync(view, cancellationToken)).Select(p => p.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The projects a person manages or deputises on, with the part they play (one partition read).</summary>
    public Task<IReadOnlyList<ManagedProject>> ListManagedAsync(string userKey, CancellationToken cancellationToken) =>
        byManager.ListAsync(userKey, cancellationToken);

    /// <summary>Every project as stored, by code (imports compare against it).</summary>
    public async Task<IReadOnlyDictionary<string, StoredProject>> ListStoredAsync(CancellationToken cancellationToken) =>
        (await projects.ListAsync(cancellationToken)).ToDictionary(p => p.Project.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the project unless its code is taken; an existing project is never overwritten.</summary>
    public Task<ProjectSaveResult> CreateAsync(Project project, string by, CancellationToken cancellationToken) =>
        SaveAsync(project.Code, current => current is null ? Write(project) : Refuse(new ProjectSaveResult.AlreadyExists(current)), by, cancellationToken);

    /// <summary>Replaces the project if it is still the version with <paramref name="expectedETag"/>.</summary>
    public Task<ProjectSaveResult> UpdateAsync(Project project, string expectedETag, string by, CancellationToken cancellationToken) =>
        SaveAsync(
            project.Code,
            current => current switch
            {
                null => Refuse(new ProjectSaveResult.NotFound(project.Code)),
                _ when current.ETag != expectedETag => Refuse(new ProjectSaveResult.Conflict(current)),
                _ when current.Project.HasSameContent(project) => Refuse(new ProjectSaveResult.Unchanged(current)),
                _ => Write(project),
            },
            by,
            cancellationToken);

    public Task<ProjectSaveResult> SetStatusAsync(string code, ProjectStatus status, string by, CancellationToken cancellationToken) =>
        SaveAsync(
            code,
            current => current switch
            {
                null => Refuse(new ProjectSaveResult.NotFound(code)),
                _ when current.Project.Status == status => Refuse(new ProjectSaveResult.Unchanged(current)),
                _ => Write(current.Project with { Status = status }),
            },
            by,
            cancellationToken);

    /// <summary>
    /// Creates or replaces each project with what the file says, in transactions of up to 100 (one partition).
    /// A transaction that fails because someone changed one of its projects meanwhile is redone row by row.
    /// </summary>
    /// <param name="stored">The register as read before the import, by code.</param>
    public async Task<IReadOnlyDictionary<string, ImportOutcome>> ImportAsync(
        IReadOnlyList<Project> incoming, IReadOnlyDictionary<string, StoredProject> stored, string by, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, ImportOutcome>(StringComparer.OrdinalIgnoreCase);
        var writes = new List<(ProjectWrite Write, Project? Before)>();
        foreach (var project in incoming)
        {
            var before = stored.GetValueOrDefault(project.Code);
            if (before is not null && before.Project.HasSameContent(project))
            {
                outcomes[project.Code] = ImportOutcome.Unchanged;
                continue;
            }

            writes.Add((new ProjectWrite(project, before?.ETag), before?.Project));
            outcomes[project.Code] = before is null ? ImportOutcome.Created : ImportOutcome.Updated;
        }

        var stamp = Stamp(by);
        var committed = new List<(Project? Before, Project After)>();
        foreach (var chunk in writes.Chunk(TableBatch.MaxOperationsPerTransaction))
        {
            try
            {
                await projects.SubmitAsync(chunk.Select(c => c.Write), stamp, cancellationToken);
                committed.AddRange(chunk.Select(c => (c.Before, c.Write.Project)));
            }
            catch (TableTransactionFailedException)
            {
                foreach (var (write, _) in chunk)
                {
                    var result = await SaveAsync(
                        write.Project.Code,
                        current => current is not null && current.Project.HasSameContent(write.Project) ? Refuse(new ProjectSaveResult.Unchanged(current)) : Write(write.Project),
                        by,
                        cancellationToken);
                    outcomes[write.Project.Code] = result switch
                    {
                        ProjectSaveResult.Saved { Created: true } => ImportOutcome.Created,
                        ProjectSaveResult.Saved => ImportOutcome.Updated,
                        _ => ImportOutcome.Unchanged,
                    };
                }
            }
        }

        await byManager.PutAsync(committed.SelectMany(c => IndexRows(c.After)), cancellationToken);
        foreach (var (userKey, code) in committed.SelectMany(c => IndexRemovals(c.Before, c.After)))
        {
            await byManager.RemoveAsync(userKey, code, cancellationToken);
        }

        return outcomes;
    }

    private async Task<ProjectSaveResult> SaveAsync(
        string code, Func<StoredProject?, (Project? Next, ProjectSaveResult? Refusal)> decide, string by, CancellationToken cancellationToken)
    {
        StoredProject? before = null;
        ProjectSaveResult? refusal = null;
        var after = await projects.UpdateAsync(
            code,
            current =>
            {
                before = current;
                (var next, refusal) = decide(current);
                return next;
            },
            Stamp(by),
            cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        await byManager.PutAsync(IndexRows(after!.Project), cancellationToken);
        foreach (var (userKey, projectCode) in IndexRemovals(before?.Project, after.Project))
        {
            await byManager.RemoveAsync(userKey, projectCode, cancellationToken);
        }

        return new ProjectSaveResult.Saved(after, Created: before is null);
    }

    private static (Project? Next, ProjectSaveResult? Refusal) Write(Project project) => (project, null);

    private static (Project? Next, ProjectSaveResult? Refusal) Refuse(ProjectSaveResult refusal) => (null, refusal);

    private static IEnumerable<ManagedProject> IndexRows(Project project) =>
        project.People.Select(p => new ManagedProject(p.Person.UserKey, p.Role, project.Summary));

    /// <summary>The index rows of people who were on the project and no longer are.</summary>
    private static IEnumerable<(string UserKey, string Code)> IndexRemovals(Project? before, Project after) =>
        (before?.People ?? [])
            .Where(old => !after.IsManagedBy(old.Person.UserKey))
            .Select(old => (old.Person.UserKey, after.Code));

    private static List<ProjectSummary> Sorted(IEnumerable<ProjectSummary> summaries) =>
        summaries.OrderBy(s => s.Code, ProjectText.CodeOrder).ToList();

    private ChangeStamp Stamp(string by) => new(by, time.GetUtcNow());
}
