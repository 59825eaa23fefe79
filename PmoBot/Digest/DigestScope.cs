using PmoBot.Projects;

namespace PmoBot.Digest;

/// <summary>What one recipient's digest covers: what they may see (<see cref="IProjectView"/>), narrowed to one business unit if they asked.</summary>
public sealed record DigestScope(IProjectView View, string? BusinessUnit = null)
{
    public bool Includes(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return View.CanSee(project) && (BusinessUnit is null || string.Equals(project.BusinessUnit.Trim(), BusinessUnit, StringComparison.OrdinalIgnoreCase));
    }

    public string Describe() => BusinessUnit is null ? View.Describe() : $"business unit {BusinessUnit}";

    /// <summary>The PMO's view: the whole portfolio.</summary>
    public static DigestScope WholePortfolio { get; } = new(new WholePortfolioView());

    private sealed class WholePortfolioView : IProjectView
    {
        public string UserKey => string.Empty;

        public bool Everything => true;

        public bool OnlyOwnProjects => false;

        public bool CanSee(Project project) => true;

        public string Describe() => "the whole portfolio";
    }
}
