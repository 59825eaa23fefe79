using System.Diagnostics;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// Runs one of the project's Node scripts under <c>tools/</c> (whose pinned packages <c>scripts/test.sh</c>
/// installs with <c>npm ci</c>), feeding it standard input and returning what it printed.
/// </summary>
public static class NodeTool
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Result> RunAsync(string script, IEnumerable<string> arguments, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        var toolsDirectory = RepositoryRoot.Combine("tools");
        if (!Directory.Exists(System.IO.Path.Combine(toolsDirectory, "node_modules")))
        {
            throw new InvalidOperationException("tools/node_modules is missing: run ./scripts/test.sh (it runs npm ci in tools/).");
        }

        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = toolsDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(System.IO.Path.Combine(toolsDirectory, script));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
