using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Projects;

/// <summary>The app composed as Program.cs composes it, in memory (the import needs its services, not its web server).</summary>
public sealed class ImportApp : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteStorage.ConnectionString,
            ["Demo:Seed"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
    }
}

/// <summary><c>dotnet PmoBot.dll import projects &lt;file.csv&gt;</c>: the entry function with the app's own services, and once as a real process.</summary>
public sealed class ProjectImportCliTests(ImportApp app) : IClassFixture<ImportApp>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly List<string> files = [];

    public void Dispose() => files.ForEach(File.Delete);

    [Fact]
    public async Task A_clean_file_is_imported_and_the_exit_code_is_0()
    {
        var pm = await PmAsync();
        var (a, b) = (ProjectsHarness.NewCode(), ProjectsHarness.NewCode());

        var (exitCode, output) = await RunAsync("import", "projects", CsvFile(Row(a, pm.Email!), Row(b, pm.Name)));

        Assert.Equal(ProjectImportCli.AllImported, exitCode);
        Assert.Equal("2 created, 0 updated, 0 unchanged, 0 failed.", output.Single().Split(": ", 2)[1]);
        var register = app.Services.GetRequiredService<ProjectRegister>();
        Assert.Equal(ProjectImportCli.ImportedBy, (await register.GetAsync(a, None))!.LastChange.By);
    }

    [Fact]
    public async Task Failed_rows_are_printed_one_per_line_with_their_line_number_and_the_exit_code_is_1()
    {
        var pm = await PmAsync();
        var (good, bad, unknown) = (ProjectsHarness.NewCode(), ProjectsHarness.NewCode(), ProjectsHarness.NewCode());
        var file = CsvFile(Row(good, pm.Name), Row(bad, pm.Name).Replace("2026-12-31", "2025-12-31", StringComparison.Ordinal), Row(unknown, "Nobody Known"));

        var (exitCode, output) = await RunAsync("import", "projects", file);

        Assert.Equal(ProjectImportCli.SomeRowsFailed, exitCode);
        Assert.Equal($"{Path.GetFileName(file)}: 1 created, 0 updated, 0 unchanged, 2 failed.", output[0]);
        Assert.StartsWith($"Line 3: {bad}: The planned end (31 Dec 2025) is before the start (1 Jan 2026).", output[1], StringComparison.Ordinal);
        Assert.StartsWith($"Line 4: {unknown}: PM \"Nobody Known\": I don't know anyone", output[2], StringComparison.Ordinal);
        Assert.Equal(3, output.Count);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("import", "projects")]
    [InlineData("import", "people", "people.csv")]
    [InlineData("import", "projects", "a.csv", "b.csv")]
    public async Task Wrong_arguments_print_the_usage_and_the_exit_code_is_2(params string[] args)
    {
        var (exitCode, output) = await RunAsync(args);

        Assert.Equal(ProjectImportCli.NotRun, exitCode);
        Assert.Equal([ProjectImportCli.Usage], output);
    }

    [Fact]
    public async Task A_missing_file_is_a_file_error_with_exit_code_2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.csv");

        var (exitCode, output) = await RunAsync("import", "projects", path);

        Assert.Equal(ProjectImportCli.NotRun, exitCode);
        Assert.Equal([$"There is no file {path}."], output);
    }

    [Fact]
    public async Task A_file_without_the_documented_header_imports_nothing_with_exit_code_2()
    {
        var (exitCode, output) = await RunAsync("import", "projects", TempFile("project,title\nPRJ-1,Portal\n"));

        Assert.Equal(ProjectImportCli.NotRun, exitCode);
        Assert.Contains("Nothing was imported. Line 1 (the header): Unknown columns: \"project\", \"title\".", Assert.Single(output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "import", "projects", "x.csv")]
    [InlineData(true, "IMPORT")]
    [InlineData(false)]
    [InlineData(false, "--urls", "http://localhost:5000")]
    public void Only_an_import_keeps_the_web_server_from_starting(bool matches, params string[] args) =>
        Assert.Equal(matches, ProjectImportCli.Matches(args));

    [Fact]
    public async Task The_built_app_runs_the_import_as_a_process_without_starting_the_web_server()
    {
        var pm = await PmAsync();
        var code = ProjectsHarness.NewCode();
        var file = CsvFile(Row(code, pm.Email!));
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["Storage__ConnectionString"] = AzuriteStorage.ConnectionString, ["Logging__LogLevel__Default"] = "Warning" },
        };
        foreach (var argument in new[] { typeof(Program).Assembly.Location, "import", "projects", file })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        Assert.Equal($"{Path.GetFileName(file)}: 1 created, 0 updated, 0 unchanged, 0 failed.", (await stdout).Trim());
        Assert.NotNull(await app.Services.GetRequiredService<ProjectRegister>().GetAsync(code, None));
    }

    private async Task<(int ExitCode, List<string> Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await ProjectImportCli.RunAsync(app.Services, args, output, None);
        return (exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList());
    }

    private async Task<PmoUser> PmAsync()
    {
        var person = TestPerson.New("Megan");
        return await app.Services.GetRequiredService<PeopleDirectory>().EnsureAsync(
            new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, $"{person.AadObjectId[..8]}@contoso.example", null, false, new HashSet<Role>(), null),
            None);
    }

    private string CsvFile(params string[] rows) => TempFile(ProjectsHarness.Csv(rows));

    private string TempFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"projects-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        files.Add(path);
        return path;
    }

    private static string Row(string code, string pm) =>
        $"{code},Customer portal,Digital,{pm},,Lynne Robbins,Planning,2026-01-01,2026-12-31,450000,EUR,Weekly,Active,Vendor selected:2026-02-27,2026-01-31:20000";
}
