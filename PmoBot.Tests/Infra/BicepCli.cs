using System.Diagnostics;
using System.Reflection;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Infra;

/// <summary>
/// Runs the Bicep CLI that restore downloaded (see <see cref="BicepCliPathAttribute"/>). The CLI exits 0 even when it
/// reports warnings, so callers judge the run by <see cref="Result.DiagnosticLines"/>, not by the exit code alone.
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string MainTemplatePath => RepositoryRoot.Combine("infra", "main.bicep");

    public static string ConfigPath => RepositoryRoot.Combine("infra", "bicepconfig.json");

    public static string ParametersPath => RepositoryRoot.Combine("infra", "main.parameters.json");

    public static async Task<Result> RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(ExecutablePath())
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("the Bicep CLI did not start");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static string ExecutablePath()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttribute<BicepCliPathAttribute>()?.Path
            ?? throw new InvalidOperationException("The test assembly has no BicepCliPathAttribute.");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The Bicep CLI is missing: run dotnet restore on PmoBot.Tests (it downloads Azure.Bicep.CommandLine.linux-x64).", path);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        return path;
    }

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>Lines of standard error that mention a warning or an error: any of them fails the check.</summary>
        public IReadOnlyList<string> DiagnosticLines => DiagnosticLinesOf(StandardError);

        public static IReadOnlyList<string> DiagnosticLinesOf(string output) =>
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => line.Contains("Warning", StringComparison.Ordinal) || line.Contains("Error", StringComparison.Ordinal))
                .ToList();
    }
}
