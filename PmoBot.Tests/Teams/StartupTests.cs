using System.Diagnostics;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>A misconfigured deployment fails at start-up, naming the key, rather than at the first request.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Outside_development_a_missing_app_id_stops_start_up_naming_the_key()
    {
        var (exitCode, output) = await RunBotAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("MicrosoftAppId is not set", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_storage_connection_string_stops_start_up_naming_the_key()
    {
        var (exitCode, output) = await RunBotAsync(new Dictionary<string, string> { ["Storage__ConnectionString"] = string.Empty });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Storage:ConnectionString", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_delivery_setting_stops_start_up_naming_the_key()
    {
        var (exitCode, output) = await RunBotAsync(new Dictionary<string, string> { ["Delivery__QueueName"] = "Not_A_Queue" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Delivery:QueueName", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_some_bot_framework_endpoint_keys_stop_start_up_naming_the_missing_ones()
    {
        // Set this way, the SDK would leave the token issuer empty and refuse every token.
        var (exitCode, output) = await RunBotAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["MicrosoftAppId"] = Guid.NewGuid().ToString(),
            ["MicrosoftAppPassword"] = "secret",
            ["ToBotFromChannelOpenIdMetadataUrl"] = "https://login.botframework.com/v1/.well-known/openidconfiguration",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ToBotFromChannelTokenIssuer is required", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_messages_endpoint_limit_stops_start_up_naming_the_key()
    {
        var (exitCode, output) = await RunBotAsync(new Dictionary<string, string> { ["MessagesEndpoint__FailedAuthenticationLimit"] = "0" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("FailedAuthenticationLimit", output, StringComparison.Ordinal);
    }

    /// <summary>Runs the real PmoBot.dll as a process, as a deployment would, and returns how it ended.</summary>
    private static async Task<(int ExitCode, string Output)> RunBotAsync(IDictionary<string, string> environment)
    {
        var dll = typeof(Program).Assembly.Location;
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in new[] { dll, "--urls", "http://127.0.0.1:0", "--contentRoot", Path.GetDirectoryName(dll)! })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["Storage__ConnectionString"] = AzuriteStorage.ConnectionString;
        startInfo.Environment["Demo__Seed"] = "false";
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("PmoBot kept running although its configuration is invalid.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
