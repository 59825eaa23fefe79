using System.Text.Json.Nodes;
using PmoBot.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Manifest;

/// <summary>
/// The messaging extension in the manifest: the commands Teams offers must be the ones the bot answers (same ids,
/// same parameter), and the schema must reject a broken declaration (the sample-value validation itself runs in
/// <see cref="ManifestTests"/>).
/// </summary>
public sealed class ManifestComposeExtensionTests
{
    private const string SampleBotId = "0b9a4e3c-5d1f-4a2b-9c8d-7e6f5a4b3c2d";

    [Fact]
    public void The_extension_belongs_to_the_bot_and_declares_find_project_log_as_risk_raise_early_warning_and_post_learning_event()
    {
        var extension = Assert.Single(Manifest()["composeExtensions"]!.AsArray())!;
        var commands = extension["commands"]!.AsArray();

        Assert.Equal("${{BOT_ID}}", (string?)extension["botId"]);
        Assert.Equal([MessagingExtensionCommands.FindProject, MessagingExtensionCommands.LogRisk, MessagingExtensionCommands.RaiseWarning, MessagingExtensionCommands.PostLearningEvent, MessagingExtensionCommands.SuggestImprovement, MessagingExtensionCommands.FindOpportunity], commands.Select(c => (string?)c!["id"]));

        var findOpportunity = commands[^1]!;
        Assert.Equal(("query", "Find opportunity", true), ((string?)findOpportunity["type"], (string?)findOpportunity["title"], (bool?)findOpportunity["initialRun"]));
        Assert.Equal(MessagingExtensionCommands.FindProjectQueryParameter, (string?)Assert.Single(findOpportunity["parameters"]!.AsArray())!["name"]);

        var find = commands[0]!;
        Assert.Equal("query", (string?)find["type"]);
        Assert.Equal("Find project", (string?)find["title"]);
        Assert.True((bool?)find["initialRun"]);
        Assert.Equal(["compose", "commandBox"], find["context"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(MessagingExtensionCommands.FindProjectQueryParameter, (string?)Assert.Single(find["parameters"]!.AsArray())!["name"]);

        var logRisk = commands[1]!;
        Assert.Equal("action", (string?)logRisk["type"]);
        Assert.Equal("Log as risk", (string?)logRisk["title"]);
        Assert.True((bool?)logRisk["fetchTask"]);
        Assert.Equal(["message"], logRisk["context"]!.AsArray().Select(c => (string?)c));

        var raise = commands[2]!;
        Assert.Equal("action", (string?)raise["type"]);
        Assert.Equal("Raise early warning", (string?)raise["title"]);
        Assert.True((bool?)raise["fetchTask"]);
        Assert.Equal(["compose", "commandBox"], raise["context"]!.AsArray().Select(c => (string?)c));

        var postEvent = commands[3]!;
        Assert.Equal("action", (string?)postEvent["type"]);
        Assert.Equal("Post learning event", (string?)postEvent["title"]);
        Assert.True((bool?)postEvent["fetchTask"]);
        Assert.Equal(["compose", "commandBox"], postEvent["context"]!.AsArray().Select(c => (string?)c));

        var suggest = commands[4]!;
        Assert.Equal("action", (string?)suggest["type"]);
        Assert.Equal("Suggest process improvement", (string?)suggest["title"]);
        Assert.True((bool?)suggest["fetchTask"]);
        Assert.Equal(["message"], suggest["context"]!.AsArray().Select(c => (string?)c));
        Assert.All(commands, c => Assert.False(string.IsNullOrWhiteSpace((string?)c!["description"])));
    }

    [Theory]
    [InlineData("command type unknown", "/composeExtensions/0/commands/0/type must be equal to one of the allowed values")]
    [InlineData("command context unknown", "/composeExtensions/0/commands/1/context/0 must be equal to one of the allowed values")]
    [InlineData("extension bot id not a GUID", "/composeExtensions/0/botId must match pattern")]
    public async Task A_broken_extension_declaration_is_reported_by_the_validator(string breakage, string expectedError)
    {
        var manifest = JsonNode.Parse(Substituted())!;
        var extension = manifest["composeExtensions"]![0]!;
        switch (breakage)
        {
            case "command type unknown":
                extension["commands"]![0]!["type"] = "search";
                break;
            case "command context unknown":
                extension["commands"]![1]!["context"] = new JsonArray("chat");
                break;
            case "extension bot id not a GUID":
                extension["botId"] = "pmobot";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(breakage), breakage, "no such breakage");
        }

        var result = await NodeTool.RunAsync("validate-manifest.mjs", ["--base-dir", RepositoryRoot.Combine("manifest"), "-"], manifest.ToJsonString());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expectedError, result.StandardError, StringComparison.Ordinal);
    }

    private static JsonNode Manifest() => JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("manifest", "manifest.json")))!;

    private static string Substituted() =>
        File.ReadAllText(RepositoryRoot.Combine("manifest", "manifest.json"))
            .Replace("${{TEAMS_APP_ID}}", "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d", StringComparison.Ordinal)
            .Replace("${{BOT_ID}}", SampleBotId, StringComparison.Ordinal)
            .Replace("${{BOT_DOMAIN}}", "pmobot.example.net", StringComparison.Ordinal);
}
