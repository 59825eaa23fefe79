using Microsoft.Extensions.Options;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

public sealed class StartupTests
{
    [Fact]
    public async Task Outside_development_a_missing_app_id_stops_start_up_naming_the_key()
    {
        await using var server = new PmoBotServer(environment: "Production");

        var error = Assert.ThrowsAny<OptionsValidationException>(() => server.CreateHttpClient());

        Assert.Contains("MicrosoftAppId is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_storage_connection_string_stops_start_up_naming_the_key()
    {
        await using var server = new PmoBotServer(new Dictionary<string, string?> { ["Storage:ConnectionString"] = string.Empty });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => server.CreateHttpClient());

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
