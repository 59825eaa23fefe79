using PmoBot.People;

namespace PmoBot.Development.Training;

/// <summary>One knowledge area across the PMs: how many are trained (a programme done), have one planned, or have nothing.</summary>
public sealed record AreaCoverage(string KnowledgeArea, int Trained, int Planned, int Nothing);

/// <summary>A plan item past its due date and not done.</summary>
public sealed record BehindPlan(string PersonName, string ProgrammeId, string ProgrammeTitle, DateOnly DueOn);

public sealed record CoverageReport(int ProjectManagers, IReadOnlyList<AreaCoverage> Areas, IReadOnlyList<BehindPlan> Behind);

/// <summary><c>training coverage</c>: the PMs (the role's holders) against every plan, in two partition reads.</summary>
public sealed class TrainingCoverage(PeopleDirectory people, DevelopmentPlanStore plans, TrainingCatalogueStore catalogue)
{
    public async Task<CoverageReport> BuildAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var pms = (await people.ListRoleHoldersAsync(cancellationToken, Role.ProjectManager)).Select(h => h.UserKey).ToHashSet(StringComparer.Ordinal);
        var programmes = (await catalogue.ListAsync(cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var items = (await plans.ListAllAsync(cancellationToken)).Where(i => pms.Contains(i.UserKey) && programmes.ContainsKey(i.ProgrammeId)).ToList();
        var areas = KnowledgeAreas.All.Select(area =>
        {
            var inArea = items.Where(i => programmes[i.ProgrammeId].KnowledgeArea == area.Id).ToList();
            var trained = inArea.Where(i => i.Status == PlanStatus.Done).Select(i => i.UserKey).ToHashSet(StringComparer.Ordinal);
            var planned = inArea.Where(i => i.IsOpen && !trained.Contains(i.UserKey)).Select(i => i.UserKey).ToHashSet(StringComparer.Ordinal);
            return new AreaCoverage(area.Id, trained.Count, planned.Count, pms.Count - trained.Count - planned.Count);
        }).ToList();
        var behind = items.Where(i => i.IsBehind(today))
            .Select(i => new BehindPlan(i.PersonName, i.ProgrammeId, programmes[i.ProgrammeId].Title, i.DueOn))
            .OrderBy(b => b.DueOn)
            .ToList();
        return new CoverageReport(pms.Count, areas, behind);
    }
}
