using System.Text.Json.Nodes;
using PmoBot.People;
using PmoBot.Reviews.Templates;

namespace PmoBot.Portfolio;

/// <summary>A project as a search result shows it: enough to pick the right one.</summary>
public sealed record ProjectSearchResult(string Code, string Name, string BusinessUnit, string ManagerName, Rag? Overall);

/// <summary>
/// Finding projects and building their live status card, for the people allowed to see them: what the messaging
/// extension's search and its inserted (and refreshed) cards use, with the same rules as the <c>status</c> command.
/// </summary>
public interface IProjectStatusLookup
{
    /// <summary>Projects the caller may see whose code, name, PM or business unit matches <paramref name="query"/>, best first.</summary>
    Task<IReadOnlyList<ProjectSearchResult>> SearchAsync(PmoUser caller, string query, int take, CancellationToken cancellationToken);

    /// <summary>The project's status card, or null when the caller may not see it or it does not exist (never saying which).</summary>
    Task<JsonObject?> StatusCardAsync(PmoUser caller, string code, CancellationToken cancellationToken);
}
