using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Manifest;

/// <summary>
/// The Teams app manifest under <c>manifest/</c>, checked with the official schema bundled in
/// <c>@microsoft/app-manifest</c> (through <c>tools/validate-manifest.mjs</c>), its icons, and the zip that
/// <c>scripts/build-manifest.sh</c> builds for sideloading.
/// </summary>
public sealed partial class ManifestTests
{
    private const string Validator = "validate-manifest.mjs";
    private const string SampleBotId = "0b9a4e3c-5d1f-4a2b-9c8d-7e6f5a4b3c2d";
    private const string SampleTeamsAppId = "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private const string SampleDomain = "pmobot.example.net";

    /// <summary>The Teams app id the build script derives from <see cref="SampleBotId"/> (UUID v5, URL namespace, "pmobot-teams-app:" + bot id).</summary>
    private const string TeamsAppIdDerivedFromSampleBotId = "69488dc8-7692-5464-83f4-3f7b34fff299";

    private static readonly string[] BotScopes = ["personal", "team", "groupChat"];

    private static string ManifestDirectory => RepositoryRoot.Combine("manifest");

    [Fact]
    public async Task CommittedManifestWithSampleValuesPassesSchemaAndIconChecksAsync()
    {
        var result = await ValidateAsync(SubstitutedManifest());

        Assert.True(result.ExitCode == 0, $"validate-manifest.mjs reported:\n{result.StandardError}{result.StandardOutput}");
        Assert.Contains("valid against https://developer.microsoft.com/json-schemas/teams/", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommittedManifestWithPlaceholdersLeftInIsRejectedNamingEachOneAsync()
    {
        var raw = await File.ReadAllTextAsync(Path.Combine(ManifestDirectory, "manifest.json"));

        var result = await ValidateAsync(raw);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/id has the unresolved placeholder ${{TEAMS_APP_ID}}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("/bots/0/botId has the unresolved placeholder ${{BOT_ID}}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("/validDomains/0 has the unresolved placeholder ${{BOT_DOMAIN}}", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing developer privacy URL", "/developer must have required property 'privacyUrl'")]
    [InlineData("missing icons", "must have required property 'icons'")]
    [InlineData("command title over the schema limit", "/bots/0/commandLists/0/commands/0/title must NOT have more than 128 characters")]
    [InlineData("command title over the Teams limit", "/bots/0/commandLists/1/commands/4/title \"whoami-and-everything-else-about-me\" is 35 characters; Teams shows at most 32")]
    [InlineData("accent colour not a hex colour", "/accentColor must match pattern")]
    [InlineData("unknown bot scope", "/bots/0/scopes/1 must be equal to one of the allowed values")]
    [InlineData("bot id not a GUID", "/bots/0/botId must match pattern")]
    [InlineData("schema not bundled", "/$schema https://developer.microsoft.com/json-schemas/teams/v1.99/MicrosoftTeams.schema.json is not a Teams manifest schema bundled")]
    public async Task BrokenManifestIsReportedByTheValidatorAsync(string breakage, string expectedError)
    {
        var manifest = SubstitutedManifestJson();
        Break(manifest, breakage);

        var result = await ValidateAsync(manifest.ToJsonString());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expectedError, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSizedOrColouredOutlineIconIsReportedAsync()
    {
        using var temp = new TempDirectory();
        // The colour icon in both places: the outline is then 192x192 and full of non-white pixels.
        File.Copy(Path.Combine(ManifestDirectory, "color.png"), Path.Combine(temp.Path, "color.png"));
        File.Copy(Path.Combine(ManifestDirectory, "color.png"), Path.Combine(temp.Path, "outline.png"));

        var result = await ValidateAsync(SubstitutedManifest(), temp.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/icons/outline outline.png is 192x192; Teams requires 32x32", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("visible pixels that are not white", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("/icons/color ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingIconsAreReportedAsync()
    {
        using var temp = new TempDirectory();

        var result = await ValidateAsync(SubstitutedManifest(), temp.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/icons/color file color.png is missing", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("/icons/outline file outline.png is missing", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void IconIsAPngOfTheSizeTeamsRequires(string file, int size)
    {
        var png = File.ReadAllBytes(Path.Combine(ManifestDirectory, file));

        Assert.Equal(PngSignature, png.AsSpan(0, 8).ToArray());
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public void ManifestDeclaresTheBotAndItsCommandsInEveryScope()
    {
        var manifest = CommittedManifestJson();
        var bot = Assert.Single(manifest["bots"]!.AsArray())!;

        Assert.Equal("${{BOT_ID}}", (string?)bot["botId"]);
        Assert.Equal("${{BOT_ID}}", (string?)manifest["webApplicationInfo"]!["id"]);
        Assert.Equal("api://${{BOT_DOMAIN}}/${{BOT_ID}}", (string?)manifest["webApplicationInfo"]!["resource"]);
        Assert.Equal("${{TEAMS_APP_ID}}", (string?)manifest["id"]);
        Assert.Equal(["${{BOT_DOMAIN}}"], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Equal(BotScopes, bot["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.True((bool?)bot["supportsFiles"]);
        Assert.False((bool?)bot["isNotificationOnly"]);
        Assert.Equal(["identity", "messageTeamMembers"], manifest["permissions"]!.AsArray().Select(p => (string?)p));
        Assert.Equal("${{BOT_ID}}", (string?)Assert.Single(manifest["composeExtensions"]!.AsArray())!["botId"]);

        var lists = bot["commandLists"]!.AsArray();
        Assert.Equal(BotScopes, lists.Select(l => (string?)Assert.Single(l!["scopes"]!.AsArray())));
        foreach (var list in lists)
        {
            var commands = list!["commands"]!.AsArray();
            Assert.NotEmpty(commands);
            Assert.All(commands, c => Assert.False(string.IsNullOrWhiteSpace((string?)c!["description"])));
        }
    }

    [Fact]
    public void ManifestUsesTheNewestStableSchemaBundledWithTheValidator()
    {
        var schemas = RepositoryRoot.Combine("tools", "node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams");
        var newest = Directory.GetDirectories(schemas)
            .Select(Path.GetFileName)
            .Select(name => StableSchemaFolder().Match(name!))
            .Where(match => match.Success)
            .Select(match => new Version(match.Groups[1].Value))
            .Max()!;
        var manifest = CommittedManifestJson();

        Assert.True(newest >= new Version(1, 22), $"the bundled schemas stop at {newest}");
        Assert.Equal($"{newest.Major}.{newest.Minor}", (string?)manifest["manifestVersion"]);
        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{newest.Major}.{newest.Minor}/MicrosoftTeams.schema.json", (string?)manifest["$schema"]);
    }

    [Fact]
    public async Task BuildScriptWritesAZipWithTheSubstitutedManifestAndIconsAsync()
    {
        using var temp = new TempDirectory();
        var zipPath = Path.Combine(temp.Path, "out", "pmobot.zip");

        var result = await RunBuildScriptAsync([SampleBotId, SampleDomain], zipPath);

        Assert.True(result.ExitCode == 0, $"build-manifest.sh failed:\n{result.StandardError}{result.StandardOutput}");
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));

        var manifestText = await ReadEntryAsync(zip, "manifest.json");
        Assert.DoesNotContain("${{", manifestText, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(manifestText)!;
        Assert.Equal(TeamsAppIdDerivedFromSampleBotId, (string?)manifest["id"]);
        Assert.Equal(SampleBotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(SampleBotId, (string?)manifest["webApplicationInfo"]!["id"]);
        Assert.Equal($"api://{SampleDomain}/{SampleBotId}", (string?)manifest["webApplicationInfo"]!["resource"]);
        Assert.Equal([SampleDomain], manifest["validDomains"]!.AsArray().Select(d => (string?)d));

        foreach (var icon in new[] { "color.png", "outline.png" })
        {
            using var entry = new MemoryStream();
            await using (var stream = zip.GetEntry(icon)!.Open())
            {
                await stream.CopyToAsync(entry);
            }

            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(ManifestDirectory, icon)), entry.ToArray());
        }
    }

    [Fact]
    public async Task BuildScriptTakesTeamsAppIdAndDomainFromTheEnvironmentAsync()
    {
        using var temp = new TempDirectory();
        var zipPath = Path.Combine(temp.Path, "pmobot.zip");
        var environment = new Dictionary<string, string>
        {
            ["BOT_ID"] = SampleBotId.ToUpperInvariant(),
            ["BOT_DOMAIN"] = SampleDomain,
            ["TEAMS_APP_ID"] = SampleTeamsAppId,
        };

        var result = await RunBuildScriptAsync([], zipPath, environment);

        Assert.True(result.ExitCode == 0, $"build-manifest.sh failed:\n{result.StandardError}{result.StandardOutput}");
        using var zip = ZipFile.OpenRead(zipPath);
        var manifest = JsonNode.Parse(await ReadEntryAsync(zip, "manifest.json"))!;
        Assert.Equal(SampleTeamsAppId, (string?)manifest["id"]);
        Assert.Equal(SampleBotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal([SampleDomain], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
    }

    [Theory]
    [InlineData("not-a-guid", "BOT_ID 'not-a-guid' is not a GUID")]
    [InlineData("0b9a4e3c-5d1f-4a2b-9c8d-7e6f5a4b3c2", "is not a GUID")]
    [InlineData("", "BOT_ID is required")]
    public async Task BuildScriptRejectsABadBotIdClearlyAndWritesNothingAsync(string botId, string expectedError)
    {
        using var temp = new TempDirectory();
        var zipPath = Path.Combine(temp.Path, "pmobot.zip");

        var result = await RunBuildScriptAsync(botId.Length == 0 ? [] : [botId], zipPath);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expectedError, result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [GeneratedRegex(@"^v(\d+\.\d+)$")]
    private static partial Regex StableSchemaFolder();

    private static JsonNode CommittedManifestJson() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ManifestDirectory, "manifest.json")))!;

    /// <summary>The committed manifest with each literal <c>${{NAME}}</c> replaced, exactly as the build script does.</summary>
    private static string SubstitutedManifest() =>
        File.ReadAllText(Path.Combine(ManifestDirectory, "manifest.json"))
            .Replace("${{TEAMS_APP_ID}}", SampleTeamsAppId, StringComparison.Ordinal)
            .Replace("${{BOT_ID}}", SampleBotId, StringComparison.Ordinal)
            .Replace("${{BOT_DOMAIN}}", SampleDomain, StringComparison.Ordinal);

    private static JsonNode SubstitutedManifestJson() => JsonNode.Parse(SubstitutedManifest())!;

    private static void Break(JsonNode manifest, string breakage)
    {
        switch (breakage)
        {
            case "missing developer privacy URL":
                manifest["developer"]!.AsObject().Remove("privacyUrl");
                break;
            case "missing icons":
                manifest.AsObject().Remove("icons");
                break;
            case "command title over the schema limit":
                manifest["bots"]![0]!["commandLists"]![0]!["commands"]![0]!["title"] = new string('h', 129);
                break;
            case "command title over the Teams limit":
                manifest["bots"]![0]!["commandLists"]![1]!["commands"]![4]!["title"] = "whoami-and-everything-else-about-me";
                break;
            case "accent colour not a hex colour":
                manifest["accentColor"] = "blue";
                break;
            case "unknown bot scope":
                manifest["bots"]![0]!["scopes"]![1] = "channel";
                break;
            case "bot id not a GUID":
                manifest["bots"]![0]!["botId"] = "pmobot";
                break;
            case "schema not bundled":
                manifest["$schema"] = "https://developer.microsoft.com/json-schemas/teams/v1.99/MicrosoftTeams.schema.json";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(breakage), breakage, "no such breakage");
        }
    }

    private static Task<NodeTool.Result> ValidateAsync(string manifestJson, string? iconDirectory = null) =>
        NodeTool.RunAsync(Validator, ["--base-dir", iconDirectory ?? ManifestDirectory, "-"], manifestJson);

    private static async Task<string> ReadEntryAsync(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in the zip");
        await using var stream = entry.Open();
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static async Task<NodeTool.Result> RunBuildScriptAsync(
        IEnumerable<string> arguments, string outputZip, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(RepositoryRoot.Combine("scripts", "build-manifest.sh"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "BOT_ID", "BOT_DOMAIN", "TEAMS_APP_ID" })
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        startInfo.Environment["OUTPUT_ZIP"] = outputZip;

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new NodeTool.Result(process.ExitCode, await stdout, await stderr);
    }

    private sealed class TempDirectory : IDisposable
    {
        public TempDirectory() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pmobot-manifest-tests-" + Guid.NewGuid().ToString("N"));

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
