using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// An Azurite of one test's own (table and queue services in memory, on free ports): for a test that must start
/// from an empty storage account, as a new user's first <c>dev.sh</c> does, where the run's shared Azurite holds
/// every other test's projects and the demo's fixed rows. The processes are stopped when it is disposed.
/// </summary>
public sealed class PrivateAzurite : IAsyncDisposable
{
    private readonly List<Process> processes;

    private PrivateAzurite(List<Process> processes, int tablePort, int queuePort)
    {
        this.processes = processes;
        ConnectionString = AzuriteStorage.DevelopmentAccountAt($"http://127.0.0.1:{tablePort}/", $"http://127.0.0.1:{queuePort}/");
    }

    public string ConnectionString { get; }

    public static async Task<PrivateAzurite> StartAsync()
    {
        var (table, queue) = (FreePort(), FreePort());
        var processes = new List<Process>
        {
            Start("azurite-table", "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Start("azurite-queue", "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        var azurite = new PrivateAzurite(processes, table, queue);
        try
        {
            await WaitForPortAsync(table);
            await WaitForPortAsync(queue);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }
    }

    private static Process Start(string service, params string[] arguments)
    {
        var executable = RepositoryRoot.Combine("tools", "node_modules", ".bin", service);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run ./scripts/test.sh (it runs npm ci in tools/).");
        }

        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments.Concat(["--silent", "--skipApiVersionCheck", "--loose", "--inMemoryPersistence"]))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{service} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
