using Microsoft.Extensions.Options;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Blockers;

/// <summary>
/// The issue and decision register. A submitted review's "issues" and "decisions needed" answers become tracked
/// items (one per line; an item already open with the same words is not raised twice, so a PM who keeps last week's
/// answer keeps the same items). Each is owned by the PM until someone is assigned; the owner, the project's PM or
/// deputy and the PMO may resolve, keep open with a new date, escalate, ask for help or reassign it.
/// </summary>
public sealed class BlockerRegister(BlockerStore store, ProjectRegister projects, PeopleDirectory people, IOptions<BlockersOptions> options, TimeProvider time)
{
    public const int MaxText = 500;

    private static readonly HashSet<string> NothingToTrack = new(StringComparer.OrdinalIgnoreCase) { "none", "no", "nothing", "n/a", "na", "-", "nil", "none.", "no issues", "no decisions" };

    public BlockersOptions Options => options.Value;

    /// <summary>Raises the review's issues and decisions needed that are not open already. Returns the ones raised now.</summary>
    public async Task<IReadOnlyList<Blocker>> RaiseFromReviewAsync(Project project, ReviewRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(record);
        var open = (await store.ListForProjectAsync(project.Code, cancellationToken)).Where(b => b.IsOpen).Select(b => Normalise(b.Text)).ToHashSet(StringComparer.Ordinal);
        var candidates = new List<Blocker>();
        var submitterKey = record.SubmittedByKey ?? project.Manager.UserKey;
        DateOnly? decisionDue = null;
        foreach (var (kind, question, letter) in new[] { (BlockerKind.Issue, WellKnownQuestions.Issues, 'i'), (BlockerKind.Decision, WellKnownQuestions.Decisions, 'd') })
        {
            var items = Items(record.Answers.Text(question));
            for (var i = 0; i < items.Count; i++)
            {
                if (!open.Add(Normalise(items[i])))
                {
                    continue;
                }

                // A decision is due some days after the day the PM submitted on, on the PM's own calendar: from UTC's
                // day, a Monday-morning review in Sydney or Auckland would be due a day early.
                if (kind == BlockerKind.Decision && decisionDue is null)
                {
                    var zone = (await people.GetAsync(submitterKey, cancellationToken))?.TimeZone;
                    decisionDue = UserTimeZones.DateAt(record.RecordedAt, zone).AddDays(Options.DecisionDueDays);
                }

                var blocker = new Blocker(
                    project.Code,
                    $"{record.Period}-{letter}{i + 1}",
                    project.Name,
                    project.BusinessUnit,
                    kind,
                    items[i],
                    submitterKey,
                    record.SubmittedByName ?? project.Manager.Name,
                    record.RecordedAt,
                    project.Manager.UserKey,
                    project.Manager.Name,
                    kind == BlockerKind.Decision ? decisionDue : null,
                    BlockerState.Open);
                candidates.Add(blocker);
            }
        }

        return await store.AddManyAsync(candidates, cancellationToken);
    }

    /// <summary>The open blockers of the projects, oldest first.</summary>
    public async Task<IReadOnlyList<Blocker>> OpenOfProjectsAsync(IEnumerable<string> codes, CancellationToken cancellationToken)
    {
        var open = new List<Blocker>();
        foreach (var code in codes)
        {
            open.AddRange((await store.ListForProjectAsync(code, cancellationToken)).Where(b => b.IsOpen));
        }

        return Blocker.OldestFirst(open);
    }

    /// <summary>Every open blocker the view may see, oldest first.</summary>
    public async Task<IReadOnlyList<Blocker>> OpenVisibleAsync(IProjectView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var visible = await projects.VisibleCodesAsync(view, cancellationToken);
        return Blocker.OldestFirst((await store.ListOpenAsync(cancellationToken)).Where(b => visible is null || visible.Contains(b.ProjectCode)));
    }

    public Task<IReadOnlyList<Blocker>> OpenAsync(CancellationToken cancellationToken) => store.ListOpenAsync(cancellationToken);

    public Task<Blocker?> GetAsync(string code, string id, CancellationToken cancellationToken) => store.GetAsync(code, id, cancellationToken);

    /// <summary>Whether the person may change the blocker: its owner, the project's PM or deputy, the PMO or an admin.</summary>
    public async Task<bool> MayChangeAsync(PmoUser caller, Blocker blocker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(blocker);
        if (string.Equals(caller.UserKey, blocker.OwnerKey, StringComparison.OrdinalIgnoreCase) || caller.HasAny(Roles.PmoOrAdmin))
        {
            return true;
        }

        return (await projects.GetAsync(blocker.ProjectCode, cancellationToken))?.Project.IsManagedBy(caller.UserKey) == true;
    }

    /// <summary>The user key of the project's PM now (null when the project is gone).</summary>
    public async Task<string?> ManagerOfAsync(Blocker blocker, CancellationToken cancellationToken) =>
        (await projects.GetAsync(blocker.ProjectCode, cancellationToken))?.Project.Manager.UserKey;

    public Task<Blocker?> ResolveAsync(Blocker blocker, PmoUser by, CancellationToken cancellationToken) =>
        store.UpdateAsync(blocker.ProjectCode, blocker.Id, b => b.IsOpen ? b with { State = BlockerState.Closed, ClosedByName = by.Name, ClosedAt = time.GetUtcNow(), NeedsHelp = false } : null, cancellationToken);

    public Task<Blocker?> KeepOpenAsync(Blocker blocker, DateOnly due, CancellationToken cancellationToken) =>
        store.UpdateAsync(blocker.ProjectCode, blocker.Id, b => b.IsOpen ? b with { DueDate = due } : null, cancellationToken);

    public Task<Blocker?> EscalateAsync(Blocker blocker, CancellationToken cancellationToken) =>
        store.UpdateAsync(blocker.ProjectCode, blocker.Id, b => b.IsOpen && b.State != BlockerState.Escalated ? b with { State = BlockerState.Escalated } : null, cancellationToken);

    public Task<Blocker?> AskForHelpAsync(Blocker blocker, CancellationToken cancellationToken) =>
        store.UpdateAsync(blocker.ProjectCode, blocker.Id, b => b.IsOpen && !b.NeedsHelp ? b with { NeedsHelp = true } : null, cancellationToken);

    public Task<Blocker?> ReassignAsync(Blocker blocker, PmoUser owner, CancellationToken cancellationToken) =>
        store.UpdateAsync(blocker.ProjectCode, blocker.Id, b => b.IsOpen ? b with { OwnerKey = owner.UserKey, OwnerName = owner.Name } : null, cancellationToken);

    /// <summary>One item per line (or per "; "), without empty ones and "none"; each cut to <see cref="MaxText"/>.</summary>
    public static IReadOnlyList<string> Items(string? answer) =>
        string.IsNullOrWhiteSpace(answer)
            ? []
            : answer.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => t.TrimStart('-', '*', '•', ' ').Trim())
                .Where(t => t.Length > 0 && !NothingToTrack.Contains(t))
                .Select(t => t.Length > MaxText ? t[..MaxText] : t)
                .ToList();

    private static string Normalise(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
