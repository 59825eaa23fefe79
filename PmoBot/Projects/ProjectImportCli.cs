using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Projects;

/// <summary>
/// The operator's bulk import, <c>dotnet PmoBot.dll import projects &lt;file.csv&gt;</c> (or <c>import opportunities</c>,
/// through the importer registered for that word as an <see cref="ICsvImportTarget"/>): runs with the app's own
/// services and configuration, without starting the web server, and exits 0 when every row was imported, 1 when
/// some rows failed, 2 on a usage, file or storage error.
/// </summary>
public static class ProjectImportCli
{
    public const int AllImported = 0;
    public const int SomeRowsFailed = 1;
    public const int NotRun = 2;

    public const string Usage = "Usage: dotnet PmoBot.dll import projects|opportunities <file.csv>";
    public const string ImportedBy = "CSV import (operator)";

    public static bool Matches(IReadOnlyList<string> args) => args.Count > 0 && string.Equals(args[0], "import", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var targets = services.GetServices<ICsvImportTarget>().ToList();
        var target = args.Count == 3 ? targets.FirstOrDefault(t => string.Equals(t.Word, args[1], StringComparison.OrdinalIgnoreCase)) : null;
        if (args.Count != 3 || (target is null && !string.Equals(args[1], "projects", StringComparison.OrdinalIgnoreCase)))
        {
            await output.WriteLineAsync(Usage);
            return NotRun;
        }

        var path = Path.GetFullPath(args[2]);
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"There is no file {path}.");
            return NotRun;
        }

        try
        {
            var tables = services.GetRequiredService<TableServiceClient>();
            await Task.WhenAll(services.GetServices<TableRegistration>()
                .Select(t => t.TableName)
                .Distinct(StringComparer.Ordinal)
                .Select(name => tables.CreateTableIfNotExistsAsync(name, cancellationToken)));
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException)
        {
            await output.WriteLineAsync($"Table storage is not reachable, so nothing was imported ({ex.Message}). Check Storage:ConnectionString.");
            return NotRun;
        }

        ProjectImportReport report;
        try
        {
            await using var file = File.OpenRead(path);
            report = target is not null
                ? await target.ImportAsync(file, ImportedBy, cancellationToken)
                : await services.GetRequiredService<ProjectCsvImporter>().ImportAsync(file, ImportedBy, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"Could not read {path}: {ex.Message}");
            return NotRun;
        }

        await output.WriteLineAsync($"{Path.GetFileName(path)}: {report.Summary}");
        foreach (var error in report.Errors)
        {
            await output.WriteLineAsync($"Line {error.Line}: {error.Describe()}");
        }

        return report.FileError is not null ? NotRun : report.Failed > 0 ? SomeRowsFailed : AllImported;
    }
}

/// <summary>Another register the operator's CLI imports from CSV: <c>import ‹word› ‹file.csv›</c>.</summary>
public interface ICsvImportTarget
{
    /// <summary>The word after <c>import</c>, e.g. <c>opportunities</c>.</summary>
    string Word { get; }

    Task<ProjectImportReport> ImportAsync(Stream csv, string importedBy, CancellationToken cancellationToken);
}
