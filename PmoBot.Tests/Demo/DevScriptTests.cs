using System.Text.Json.Nodes;
using PmoBot.Demo;
using PmoBot.People;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Demo;

/// <summary>
/// The README's first step, as a newcomer takes it: <c>./scripts/dev.sh</c> prints one Agents Playground address per
/// demo person (the playground has no user switcher), and each address really is that person talking to PmoBot.
/// </summary>
[Collection(DevScriptGroup.Name)]
public sealed class DevScriptTests(DevScriptFixture devScript)
{
    [Fact]
    public void Dev_sh_prints_one_playground_per_demo_person_on_its_own_port()
    {
        var pages = devScript.Script.Pages;

        Assert.Equal(DemoOrganisation.People.Select(p => p.Name).Order(), pages.Select(p => p.Name).Order());
        Assert.Equal(pages.Count, pages.Select(p => p.Url.Port).Distinct().Count());
        Assert.Equal("Alex Wilber", pages[0].Name);
    }

    [Fact]
    public async Task Each_printed_address_answers_as_the_person_it_names()
    {
        foreach (var page in devScript.Script.Pages)
        {
            var said = await PlaygroundSay.SayAsync(page.Url, "whoami");

            Assert.Equal(page.Name, said.User);
            // A person's first message may also get the welcome card; the whoami card is the one with their roles.
            var card = said.Cards.Single(c => RolesFact(c) is not null);
            Assert.Equal(page.Name, (string?)card["body"]![0]!["text"]);
            var person = DemoOrganisation.People.Single(p => p.Name == page.Name);
            var roles = RolesFact(card)!;
            Assert.StartsWith(Roles.Describe(person.Roles), roles, StringComparison.Ordinal);
        }
    }

    private static string? RolesFact(JsonObject card) =>
        card["body"]!.AsArray()
            .SelectMany(e => e!["facts"]?.AsArray() ?? [])
            .Where(f => (string?)f!["title"] == "Roles")
            .Select(f => (string?)f!["value"])
            .FirstOrDefault();
}

public sealed class DevScriptFixture : IAsyncLifetime
{
    public DevScript Script { get; private set; } = null!;

    public async Task InitializeAsync() => Script = await DevScript.StartAsync(TimeSpan.FromMinutes(3));

    public async Task DisposeAsync() => await Script.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class DevScriptGroup : ICollectionFixture<DevScriptFixture>
{
    public const string Name = "dev.sh";
}

/// <summary><c>tools/playground-say.mjs</c>: a message typed in a playground's personal chat and what the bot answered.</summary>
public static class PlaygroundSay
{
    public sealed record Said(string User, IReadOnlyList<JsonObject> Replies)
    {
        public IReadOnlyList<JsonObject> Cards =>
            Replies.SelectMany(r => r["attachments"]?.AsArray() ?? [])
                .Where(a => (string?)a!["contentType"] == "application/vnd.microsoft.card.adaptive")
                .Select(a => a!["content"]!.AsObject())
                .ToList();

        public string Text => string.Join("\n", Replies.Select(r => (string?)r["text"] ?? string.Empty));
    }

    public static async Task<Said> SayAsync(Uri playground, string text)
    {
        var result = await NodeTool.RunAsync("playground-say.mjs", [playground.ToString(), text, "20000"]);
        Assert.True(result.ExitCode == 0, $"playground-say exited {result.ExitCode}: {result.StandardError}\n{result.StandardOutput}");
        var json = JsonNode.Parse(result.StandardOutput)!;
        return new Said((string)json["user"]!, json["replies"]!.AsArray().Select(r => r!.AsObject()).ToList());
    }
}
