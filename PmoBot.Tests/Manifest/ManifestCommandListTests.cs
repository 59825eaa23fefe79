using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Commands;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Manifest;

/// <summary>Teams suggests the manifest's commands as the user types, so each must be one the bot really has.</summary>
public sealed class ManifestCommandListTests
{
    [Fact]
    public async Task Every_command_the_manifest_offers_is_a_command_the_router_knows()
    {
        await using var server = new PmoBotServer();
        var router = server.Services.GetRequiredService<CommandRouter>();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("manifest", "manifest.json")))!;

        var offered = manifest["bots"]![0]!["commandLists"]!.AsArray()
            .SelectMany(list => list!["commands"]!.AsArray())
            .Select(command => command!["title"]!.GetValue<string>())
            .Distinct()
            .ToList();

        Assert.NotEmpty(offered);
        Assert.All(offered, title => Assert.True(router.Match(title) is { Arguments: "" }, $"The manifest offers '{title}', which the bot does not know."));
    }

    [Fact]
    public async Task Every_command_everyone_may_use_is_offered_in_personal_chat()
    {
        await using var server = new PmoBotServer();
        var router = server.Services.GetRequiredService<CommandRouter>();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("manifest", "manifest.json")))!;
        var personal = manifest["bots"]![0]!["commandLists"]!.AsArray()
            .Single(list => list!["scopes"]!.AsArray().Any(scope => scope!.GetValue<string>() == "personal"))!["commands"]!.AsArray()
            .Select(command => command!["title"]!.GetValue<string>())
            .ToHashSet();

        var forEveryone = router.Commands.Where(c => c.AllowedRoles.Count == 0).Select(c => c.Name);

        Assert.All(forEveryone, name => Assert.Contains(name, personal));
    }

    [Fact]
    public async Task Descriptions_mark_arguments_as_help_does_never_with_angle_brackets()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("manifest", "manifest.json")))!;
        var descriptions = manifest["bots"]![0]!["commandLists"]!.AsArray()
            .SelectMany(list => list!["commands"]!.AsArray())
            .Select(command => command!["description"]!.GetValue<string>())
            .ToList();

        Assert.Contains("A project's status card: status ‹code or name›", descriptions);
        Assert.All(descriptions, d => Assert.True(d.IndexOfAny(['<', '>']) < 0, $"'{d}' marks an argument with <>; help uses ‹›."));
    }

    [Fact]
    public async Task The_pipeline_is_offered_in_channels_and_group_chats_and_opportunities_in_personal_chat()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("manifest", "manifest.json")))!;
        IReadOnlyList<string> Titles(string scope) => manifest["bots"]![0]!["commandLists"]!.AsArray()
            .Single(list => list!["scopes"]!.AsArray().Any(s => s!.GetValue<string>() == scope))!["commands"]!.AsArray()
            .Select(command => command!["title"]!.GetValue<string>())
            .ToList();

        Assert.Contains("pipeline", Titles("team"));
        Assert.Contains("pipeline", Titles("groupChat"));
        Assert.Contains("opportunities", Titles("personal"));
        Assert.InRange(Titles("personal").Count, 1, 10);
        Assert.InRange(Titles("team").Count, 1, 10);
        Assert.InRange(Titles("groupChat").Count, 1, 10);
    }
}
