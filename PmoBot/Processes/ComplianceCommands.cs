using System.Globalization;
using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.Projects;

namespace PmoBot.Processes;

/// <summary><c>compliance [weeks]</c> for the PMO and leaders, scoped to the projects each may see.</summary>
public sealed class ComplianceCommands(ComplianceReader reader, IProjectVisibility visibility, IOptions<ProcessesOptions> options) : ICommandModule
{
    public const string ComplianceCommand = "compliance";
    public const int MaxWeeks = 52;

    public IEnumerable<CommandDefinition> Commands =>
    [
        new(ComplianceCommand, "compliance [weeks]", "Process compliance from the weekly reviews per process, project and PM, worst first, with the trend", ProjectAccess.PortfolioRoles, ShowAsync),
    ];

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var argument = request.Arguments.Trim();
        var weeks = options.Value.ComplianceWeeks;
        if (argument.Length > 0 && (!int.TryParse(argument.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out weeks) || weeks is < 1 or > MaxWeeks))
        {
            return Reply.Message($"\"{argument}\" is not a number of weeks from 1 to {MaxWeeks}: type **{ComplianceCommand}** for the last {options.Value.ComplianceWeeks} weeks, or e.g. **{ComplianceCommand} 12**.");
        }

        var view = visibility.ViewOf(request.Caller);
        var report = await reader.ReadAsync(view, weeks, cancellationToken);
        return Reply.WithCard(ComplianceCards.Report(report, view.Describe()), $"Process compliance, last {weeks} weeks.");
    }
}
