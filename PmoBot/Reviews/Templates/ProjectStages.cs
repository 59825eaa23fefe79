using PmoBot.Projects;

namespace PmoBot.Reviews.Templates;

/// <summary>Which stage a project is in, so a review asks only the questions of that stage.</summary>
public interface IProjectStages
{
    Task<ProjectStage?> StageOfAsync(string projectCode, CancellationToken cancellationToken);
}

/// <summary>The stage from the project register (a point read).</summary>
public sealed class RegisterProjectStages(ProjectRegister register) : IProjectStages
{
    /// <summary>The register's stages where the app has a register; without one every question is asked.</summary>
    public static IProjectStages? From(IServiceProvider services) =>
        services.GetService<ProjectRegister>() is { } register ? new RegisterProjectStages(register) : null;

    public async Task<ProjectStage?> StageOfAsync(string projectCode, CancellationToken cancellationToken) =>
        (await register.GetAsync(projectCode, cancellationToken))?.Project.Stage;
}
