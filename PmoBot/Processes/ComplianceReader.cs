using PmoBot.Projects;
using PmoBot.Reviews;

namespace PmoBot.Processes;

/// <summary>
/// Gathers the compliance view for one caller: the answers of the last N weeks (one partition per week), only for the
/// projects the caller may see, and the PMs running active projects under a process version they have not acknowledged.
/// </summary>
public sealed class ComplianceReader(ComplianceStore store, ProcessLibrary library, RolloutStore rollouts, ProjectRegister register, TimeProvider time)
{
    public async Task<ComplianceReport> ReadAsync(IProjectView view, int weeks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var now = time.GetUtcNow();
        var periods = new List<ReviewPeriod> { ReviewPeriod.Of(now, TimeZoneInfo.Utc) };
        while (periods.Count < weeks)
        {
            periods.Insert(0, periods[0].Previous);
        }

        var projects = (await register.ListStoredAsync(cancellationToken)).Values.Select(s => s.Project).ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);
        bool Visible(string code) => view.Everything || (projects.TryGetValue(code, out var project) && view.CanSee(project));

        var records = (await store.ListAsync(periods, cancellationToken)).Where(r => Visible(r.ProjectCode)).ToList();
        var processes = await library.ListAsync(cancellationToken);
        var unacknowledged = new List<UnacknowledgedRun>();
        foreach (var process in processes.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            var all = await rollouts.ListForProcessAsync(process.Key, cancellationToken);
            if (all.Count == 0)
            {
                continue;
            }

            var rollout = all[0];
            var people = (await rollouts.ListPeopleAsync(process.Key, rollout.Version, cancellationToken)).ToDictionary(p => p.UserKey, StringComparer.OrdinalIgnoreCase);
            foreach (var project in projects.Values.Where(p => p.Status == ProjectStatus.Active && process.AppliesTo(p.Stage) && Visible(p.Code)).OrderBy(p => p.Code, StringComparer.OrdinalIgnoreCase))
            {
                var state = people.TryGetValue(project.Manager.UserKey, out var person) ? person.StateAt(rollout, now) : (AcknowledgementState?)null;
                if (state != AcknowledgementState.Acknowledged)
                {
                    unacknowledged.Add(new UnacknowledgedRun(project.Manager.UserKey, project.Manager.Name, project.Code, process.Name, rollout.Version, state));
                }
            }
        }

        return ComplianceReport.Build(records, periods, processes.ToDictionary(p => p.Key, p => p.Name, StringComparer.OrdinalIgnoreCase), unacknowledged);
    }
}
