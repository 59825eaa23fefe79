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
            await using var playground = await PlaygroundPage.OpenAsync(page.Url);

            Assert.Equal(page.Name, playground.UserName);
            // A person's first message may also get the welcome card; the whoami card is the one with their roles.
            var whoami = await playground.WaitForAsync(await playground.SayAsync("whoami"), m => PlaygroundPage.CardOf(m) is { } c && RolesFact(c) is not null, what: "the whoami card");
            var card = PlaygroundPage.CardOf(whoami)!;
            Assert.Equal(page.Name, (string?)card["body"]![0]!["text"]);
            var person = DemoOrganisation.People.Single(p => p.Name == page.Name);
            Assert.StartsWith(Roles.Describe(person.Roles), RolesFact(card), StringComparison.Ordinal);
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
