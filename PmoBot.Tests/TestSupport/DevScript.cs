using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// <c>./scripts/dev.sh</c> as a newcomer runs it, on free ports and a private data folder, using the build the tests
/// run from (<c>PMOBOT_DEV_NO_BUILD</c>). Waits for its "ready" banner and parses the personas' playground addresses
/// from it; disposing sends SIGTERM, which the script answers by stopping everything it started.
/// </summary>
public sealed partial class DevScript : IAsyncDisposable
{
    private const int Personas = 6;
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly string dataDirectory;

    private DevScript(Process process, string dataDirectory)
    {
        this.process = process;
        this.dataDirectory = dataDirectory;
    }

    public sealed record PersonaPage(string Name, string Role, Uri Url);

    public IReadOnlyList<PersonaPage> Pages { get; private set; } = [];

    public int BotPort { get; private init; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<DevScript> StartAsync(TimeSpan timeout)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("pmobot-dev-").FullName;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var botPort = FreePort();
        var startInfo = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(RepositoryRoot.Combine("scripts", "dev.sh"));
        startInfo.Environment["PMOBOT_DEV_NO_BUILD"] = "1";
        startInfo.Environment["PMOBOT_DEV_CONFIGURATION"] = configuration;
        startInfo.Environment["PMOBOT_DATA_DIR"] = dataDirectory;
        startInfo.Environment["PMOBOT_PORT"] = botPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["GRAPH_STANDIN_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["AZURITE_QUEUE_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["AZURITE_TABLE_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["PLAYGROUND_PORT"] = FreeConsecutivePorts(Personas).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var script = new DevScript(Process.Start(startInfo) ?? throw new InvalidOperationException("bash did not start"), dataDirectory)
        {
            BotPort = botPort,
        };
        script.process.OutputDataReceived += (_, e) => script.Append(e.Data);
        script.process.ErrorDataReceived += (_, e) => script.Append(e.Data);
        script.process.BeginOutputReadLine();
        script.process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + timeout;
        while (!script.Output.Contains("Ctrl-C stops", StringComparison.Ordinal))
        {
            if (script.process.HasExited || DateTime.UtcNow > deadline)
            {
                var why = script.process.HasExited ? $"dev.sh exited with {script.process.ExitCode}" : $"dev.sh was not ready after {timeout}";
                await script.DisposeAsync();
                throw new InvalidOperationException($"{why}:\n{script.Output}");
            }

            await Task.Delay(200);
        }

        script.Pages = PersonaLine().Matches(script.Output)
            .Select(m => new PersonaPage(m.Groups["name"].Value.Trim(), m.Groups["role"].Value, new Uri(m.Groups["url"].Value)))
            .ToList();
        return script;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process that was still closing a file; the folder is in the temp directory.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int FreeConsecutivePorts(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Random.Shared.Next(20000, 30000);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            // The playground listens on every interface.
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\s{4}(?<name>\S.*?)\s+\((?<role>[^)]+)\)\s+(?<url>http://\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PersonaLine();
}
