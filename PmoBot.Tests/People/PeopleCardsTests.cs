using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;
using PmoBot.Tests.Cards;

namespace PmoBot.Tests.People;

public sealed class PeopleCardsTests
{
    private static readonly DateTimeOffset GrantedAt = new(2025, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly PmoUser Newcomer = User("Nestor Wilke", timeZone: null);

    private static readonly PmoUser Lead = User("Alex Wilber", "Europe/London", configuredAdmin: true, Role.Pmo, Role.Leader);

    private static readonly RoleHolder[] Holders =
    [
        new(Role.Pmo, "key-alex", "Alex Wilber", "granted by setup", GrantedAt),
        new(Role.Pmo, "key-patti", "Patti Fernandez", "granted by Alex Wilber", GrantedAt.AddDays(1)),
        new(Role.ProjectManager, "key-megan", "Megan Bowen", "granted by Patti Fernandez", GrantedAt),
        new(Role.Admin, "key-config", "key-config (has not used PmoBot yet)", "from configuration", null),
    ];

    [Fact]
    public async Task Every_people_card_is_valid_for_teams()
    {
        await AdaptiveCardValidator.AssertAllValidAsync(
        [
            ("welcome, no role", PeopleCards.Welcome(Newcomer)),
            ("welcome, roles", PeopleCards.Welcome(Lead)),
            ("whoami, no role", PeopleCards.WhoAmI(Newcomer)),
            ("whoami, configured admin", PeopleCards.WhoAmI(Lead)),
            ("role list", PeopleCards.RoleList(Holders, TimeZoneInfo.Utc)),
            ("role list, nobody", PeopleCards.RoleList([], TimeZoneInfo.Utc)),
            ("role form, empty", PeopleCards.RoleChangeForm()),
            ("role form, success", PeopleCards.RoleChangeForm("Megan Bowen", "pmo", new RoleChangeResult(true, "Megan Bowen is now PMO."))),
            ("role form, failure", PeopleCards.RoleChangeForm("Nobody", "wizard", new RoleChangeResult(false, "\"wizard\" is not a PmoBot role."))),
        ]);
    }

    [Fact]
    public void The_welcome_card_tells_a_newcomer_they_have_no_role_yet()
    {
        var newcomer = Texts(PeopleCards.Welcome(Newcomer));
        var lead = Texts(PeopleCards.Welcome(Lead));

        Assert.Contains(newcomer, t => t.Contains("You have no PmoBot role yet", StringComparison.Ordinal));
        Assert.DoesNotContain(lead, t => t.Contains("You have no PmoBot role yet", StringComparison.Ordinal));
        Assert.Contains("Welcome to PmoBot, Alex Wilber", lead);
        Assert.Equal("PMO, Leader, Admin", Fact(PeopleCards.Welcome(Lead), "Your role"));
    }

    [Fact]
    public void WhoAmI_says_when_admin_comes_from_configuration()
    {
        var card = PeopleCards.WhoAmI(Lead);

        Assert.Equal("PMO, Leader, Admin (Admin from configuration)", Fact(card, "Roles"));
        Assert.Equal("Europe/London", Fact(card, "Time zone"));
        Assert.Equal(Lead.UserKey, Fact(card, "Entra object id"));
    }

    [Fact]
    public void The_role_list_puts_each_holder_under_their_role_in_the_viewers_time()
    {
        var card = PeopleCards.RoleList(Holders, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));

        var texts = Texts(card);
        Assert.Contains("PMO (2)", texts);
        Assert.Contains("Project manager (1)", texts);
        Assert.Contains("Leader (0)", texts);
        Assert.Contains("Admin (1)", texts);
        Assert.Contains("Times are in Asia/Kolkata.", texts);
        Assert.Equal("granted by Patti Fernandez, 15 Jan 2025 17:30", Fact(card, "Megan Bowen"));
        Assert.Equal("from configuration", Fact(card, "key-config (has not used PmoBot yet)"));
    }

    [Fact]
    public void The_role_form_buttons_send_the_role_change_verb_as_execute_with_a_submit_fallback()
    {
        var actions = PeopleCards.RoleChangeForm()["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();

        Assert.Equal(["Grant", "Revoke"], actions.Select(a => (string)a["title"]!));
        foreach (var action in actions)
        {
            var change = (string)action["title"]!;
            Assert.Equal("Action.Execute", (string)action["type"]!);
            Assert.Equal(PeopleCards.RoleChangeVerb, (string)action["verb"]!);
            AssertCarriesVerbAndChange(action["data"]!.AsObject(), change);
            var fallback = action["fallback"]!.AsObject();
            Assert.Equal("Action.Submit", (string)fallback["type"]!);
            AssertCarriesVerbAndChange(fallback["data"]!.AsObject(), change);
            Assert.True(Enum.TryParse<RoleChangeKind>(change, out _));
        }
    }

    [Theory]
    [InlineData(true, "Good")]
    [InlineData(false, "Attention")]
    public void The_role_form_shows_the_outcome_and_keeps_what_was_typed(bool succeeded, string color)
    {
        var card = PeopleCards.RoleChangeForm("Megan Bowen", "leader", new RoleChangeResult(succeeded, "The outcome."));

        var outcome = Body(card).Single(e => (string?)e["text"] == "The outcome.");
        Assert.Equal(color, (string)outcome["color"]!);
        Assert.Equal("Megan Bowen", (string)Input(card, PeopleCards.PersonField)["value"]!);
        Assert.Equal("leader", (string)Input(card, PeopleCards.RoleField)["value"]!);
    }

    [Fact]
    public void The_role_form_offers_every_role_by_a_value_the_role_parser_accepts()
    {
        var choices = Input(PeopleCards.RoleChangeForm(), PeopleCards.RoleField)["choices"]!.AsArray();

        var parsed = choices.Select(c => Roles.TryParse((string)c!["value"]!, out var role) ? role : (Role?)null).ToList();
        Assert.Equal(Roles.All.Cast<Role?>(), parsed);
    }

    private static PmoUser User(string name, string? timeZone, bool configuredAdmin = false, params Role[] roles) =>
        new(Guid.NewGuid().ToString(), name, "29:" + name, null, timeZone, roles.ToHashSet(), configuredAdmin, null);

    private static void AssertCarriesVerbAndChange(JsonObject data, string change)
    {
        Assert.Equal(PeopleCards.RoleChangeVerb, (string)data[AdaptiveCard.VerbField]!);
        Assert.Equal(change, (string)data[PeopleCards.ChangeField]!);
    }

    private static IEnumerable<JsonObject> Body(JsonObject card) => card["body"]!.AsArray().Select(e => e!.AsObject());

    private static List<string> Texts(JsonObject card) =>
        Body(card).Where(e => (string?)e["type"] == "TextBlock").Select(e => (string)e["text"]!).ToList();

    private static string Fact(JsonObject card, string title) =>
        Body(card).Where(e => (string?)e["type"] == "FactSet")
            .SelectMany(e => e["facts"]!.AsArray())
            .Single(f => (string?)f!["title"] == title)!["value"]!.GetValue<string>();

    private static JsonObject Input(JsonObject card, string id) => Body(card).Single(e => (string?)e["id"] == id);
}
