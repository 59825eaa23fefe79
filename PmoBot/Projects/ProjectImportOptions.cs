using System.ComponentModel.DataAnnotations;

namespace PmoBot.Projects;

public sealed class ProjectImportOptions
{
    public const string SectionName = "Projects:Import";

    /// <summary>The largest CSV file a PMO member may send in chat; a portfolio of thousands of projects fits in 1 MB.</summary>
    [Range(1_024, 50 * 1024 * 1024, ErrorMessage = "Projects:Import:MaxFileBytes must be between 1 KB and 50 MB.")]
    public int MaxFileBytes { get; set; } = 1024 * 1024;
}
