namespace PmoBot.Projects;

public enum ProjectStage
{
    Initiation,
    Planning,
    Execution,
    Closing,
}

public enum ReviewCadence
{
    Weekly,
    Fortnightly,
    Monthly,
}

public enum ProjectStatus
{
    Active,
    OnHold,
    Closed,
}

/// <summary>A person named on a project: their user key (Entra object id) and their name when they were named.</summary>
public sealed record ProjectPerson(string UserKey, string Name);

public sealed record Milestone(string Name, DateOnly BaselineDate, DateOnly ForecastDate, bool Completed);

/// <summary>One point of the planned-value curve: the value planned to be earned by <see cref="Date"/>, cumulative.</summary>
public sealed record BaselinePoint(DateOnly Date, decimal CumulativePlannedValue);

/// <summary>A project of the register. <see cref="ProjectValidator"/> holds the rules it must satisfy.</summary>
public sealed record Project(
    string Code,
    string Name,
    string BusinessUnit,
    ProjectPerson Manager,
    ProjectPerson? Deputy,
    string Sponsor,
    ProjectStage Stage,
    DateOnly Start,
    DateOnly PlannedEnd,
    decimal BudgetAtCompletion,
    string Currency,
    IReadOnlyList<BaselinePoint> Baseline,
    IReadOnlyList<Milestone> Milestones,
    ReviewCadence Cadence,
    ProjectStatus Status)
{
    public ProjectSummary Summary => new(Code, Name, BusinessUnit, Manager.Name, Stage, Status, Start);

    /// <summary>The PM and the deputy, each with the part they play.</summary>
    public IEnumerable<(ProjectPerson Person, ProjectRole Role)> People =>
        Deputy is null ? [(Manager, ProjectRole.Manager)] : [(Manager, ProjectRole.Manager), (Deputy, ProjectRole.Deputy)];

    public bool IsManagedBy(string userKey) => People.Any(p => string.Equals(p.Person.UserKey, userKey, StringComparison.OrdinalIgnoreCase));

    /// <summary>Value equality including the lists, which record equality compares by reference.</summary>
    public bool HasSameContent(Project other) =>
        this with { Baseline = other.Baseline, Milestones = other.Milestones } == other
        && Baseline.SequenceEqual(other.Baseline)
        && Milestones.SequenceEqual(other.Milestones);
}

public enum ProjectRole
{
    Manager,
    Deputy,
}

/// <summary>What a project list shows of each project.</summary>
/// <summary>What a list of projects shows. <paramref name="Start"/> is null in an index row written before it was kept.</summary>
public sealed record ProjectSummary(string Code, string Name, string BusinessUnit, string ManagerName, ProjectStage Stage, ProjectStatus Status, DateOnly? Start = null);

/// <summary>Who changed a project last, and when.</summary>
public sealed record ChangeStamp(string By, DateTimeOffset At);

/// <summary>A project as stored: its ETag guards the next update.</summary>
public sealed record StoredProject(Project Project, string ETag, ChangeStamp LastChange);
