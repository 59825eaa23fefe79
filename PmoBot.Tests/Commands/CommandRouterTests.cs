using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Tests.Commands;

public sealed class CommandRouterTests
{
    private static readonly PmoUser ProjectManager = User("Megan Bowen", Role.ProjectManager);
    private static readonly PmoUser PmoMember = User("Patti Fernandez", Role.Pmo);
    private static readonly PmoUser Leader = User("Isaiah Langer", Role.Leader);

    private readonly TestCommands module = new();
    private readonly CommandRouter router;

    public CommandRouterTests() => router = new CommandRouter([module]);

    [Fact]
    public async Task The_longest_command_name_wins()
    {
        var reply = await RouteAsync(PmoMember, "role grant Megan Bowen pmo");

        Assert.Equal("ran role grant [Megan Bowen pmo]", reply.Text);
    }

    [Fact]
    public async Task A_longer_name_matches_only_on_whole_words()
    {
        var reply = await RouteAsync(PmoMember, "role granted Megan");

        Assert.Equal("ran role [granted Megan]", reply.Text);
    }

    [Theory]
    [InlineData("ROLE GRANT Megan pmo")]
    [InlineData("/role grant Megan pmo")]
    [InlineData("  /  Role    grant   Megan   pmo  ")]
    [InlineData("role\tgrant\nMegan pmo")]
    public async Task Case_a_leading_slash_and_extra_spaces_do_not_matter(string text)
    {
        var reply = await RouteAsync(PmoMember, text);

        Assert.Equal("ran role grant [Megan pmo]", reply.Text);
    }

    [Fact]
    public async Task The_handler_gets_the_caller_the_conversation_and_the_mentions()
    {
        var mention = new MentionedPerson("29:megan", null, "Megan Bowen");

        await router.RouteAsync(Leader, "portfolio", ConversationKind.Channel, [mention], CancellationToken.None);

        var request = Assert.Single(module.Requests);
        Assert.Same(Leader, request.Caller);
        Assert.Equal(ConversationKind.Channel, request.Conversation);
        Assert.Equal([mention], request.Mentions);
        Assert.Equal(string.Empty, request.Arguments);
    }

    [Fact]
    public async Task An_unknown_command_suggests_the_closest_one_the_caller_may_use()
    {
        var reply = await RouteAsync(Leader, "portfolo");

        Assert.Contains("I don't know the command \"portfolo\"", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Did you mean **portfolio**?", reply.Text, StringComparison.Ordinal);
        Assert.Contains("**help**", reply.Text, StringComparison.Ordinal);
        Assert.Empty(module.Requests);
    }

    [Fact]
    public async Task An_unknown_command_never_suggests_one_the_caller_may_not_use()
    {
        var reply = await RouteAsync(ProjectManager, "portfolo");

        Assert.Contains("I don't know the command \"portfolo\"", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("portfolio", reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(module.Requests);
    }

    [Fact]
    public async Task A_misspelt_two_word_command_is_suggested_whole()
    {
        var reply = await RouteAsync(ProjectManager, "reprot overdeu");

        Assert.Contains("Did you mean **report overdue**?", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nonsense_gets_no_suggestion()
    {
        var reply = await RouteAsync(PmoMember, "xyzzyplugh");

        Assert.DoesNotContain("Did you mean", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Type **help**", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_refused_for_the_callers_role_names_who_may_use_it_and_runs_nothing()
    {
        var reply = await RouteAsync(ProjectManager, "role grant Megan pmo");

        Assert.StartsWith("**role grant** is for", reply.Text, StringComparison.Ordinal);
        AssertNamesRoles(reply.Text!, Role.Pmo, Role.Admin, Role.ProjectManager);
        Assert.DoesNotContain("Leader", reply.Text, StringComparison.Ordinal);
        Assert.Empty(module.Requests);
    }

    [Fact]
    public async Task Help_lists_exactly_the_commands_each_caller_may_use()
    {
        var forProjectManager = HelpUsages(await RouteAsync(ProjectManager, "help"));
        var forPmo = HelpUsages(await RouteAsync(PmoMember, "HELP"));

        Assert.Equal(["help", "role <anything>", "profile", "report overdue"], forProjectManager);
        Assert.Equal(["help", "role <anything>", "role grant ‹person› ‹role›", "portfolio", "profile", "report overdue"], forPmo);
        Assert.Empty(module.Requests);
    }

    [Fact]
    public async Task Help_from_someone_with_no_role_lists_only_the_commands_for_everyone()
    {
        var usages = HelpUsages(await RouteAsync(User("Nestor Wilke"), "/help"));

        Assert.Equal(["help", "role <anything>", "profile", "report overdue"], usages);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t\n ")]
    [InlineData("/")]
    public async Task Empty_text_asks_for_a_command(string? text)
    {
        var reply = await RouteAsync(PmoMember, text);

        Assert.Contains("I didn't catch a command", reply.Text, StringComparison.Ordinal);
        Assert.Empty(module.Requests);
    }

    [Fact]
    public async Task Text_over_the_maximum_length_is_refused_without_running_anything()
    {
        var text = "profile " + new string('x', CommandText.MaxLength);

        var reply = await RouteAsync(PmoMember, text);

        Assert.Contains("too long to be a command", reply.Text, StringComparison.Ordinal);
        Assert.Empty(module.Requests);
    }

    [Fact]
    public async Task Text_of_exactly_the_maximum_length_still_runs()
    {
        var text = "profile " + new string('x', CommandText.MaxLength - "profile ".Length);

        var reply = await RouteAsync(PmoMember, text);

        Assert.StartsWith("ran profile", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Length_is_counted_in_characters_as_people_see_them_so_an_emoji_is_one()
    {
        var thumbs = string.Concat(Enumerable.Repeat("👍", 600));
        var runs = await RouteAsync(PmoMember, "profile " + thumbs);
        Assert.StartsWith("ran profile", runs.Text, StringComparison.Ordinal);

        var refused = await RouteAsync(PmoMember, "profile " + string.Concat(Enumerable.Repeat("👍", CommandText.MaxLength)));
        Assert.Contains($"That message is {CommandText.MaxLength + 8:N0} characters long", refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_modules_declaring_the_same_command_fail_at_construction()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new CommandRouter([new TestCommands(), new SingleCommand("PROFILE")]));

        Assert.Contains("'profile'", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_module_cannot_take_the_name_help()
    {
        Assert.Throws<InvalidOperationException>(() => new CommandRouter([new SingleCommand("help")]));
    }

    private static PmoUser User(string name, params Role[] roles) =>
        new(Guid.NewGuid().ToString(), name, null, null, null, roles.ToHashSet(), false, null);

    private Task<Reply> RouteAsync(PmoUser caller, string? text) =>
        router.RouteAsync(caller, text, ConversationKind.Personal, [], CancellationToken.None);

    private static void AssertNamesRoles(string text, params Role[] roles) =>
        Assert.All(roles, role => Assert.Contains(role.DisplayName(), text, StringComparison.Ordinal));

    private static List<string> HelpUsages(Reply reply)
    {
        Assert.NotNull(reply.Card);
        return reply.Card["body"]!.AsArray()
            .Where(e => (string?)e!["type"] == "FactSet")
            .SelectMany(e => e!["facts"]!.AsArray())
            .Select(f => (string)f!["title"]!)
            .ToList();
    }

    /// <summary>"role" for everyone and "role grant" for the PMO share a first word; "portfolio" and "profile" are close in spelling; "report overdue" has two words.</summary>
    private sealed class TestCommands : ICommandModule
    {
        public List<CommandRequest> Requests { get; } = [];

        public IEnumerable<CommandDefinition> Commands =>
        [
            Command("role", "role <anything>", []),
            Command("role grant", "role grant ‹person› ‹role›", [Role.Pmo, Role.Admin]),
            Command("portfolio", "portfolio", [Role.Leader, Role.Pmo, Role.Admin]),
            Command("profile", "profile", []),
            Command("report overdue", "report overdue", []),
        ];

        private CommandDefinition Command(string name, string usage, Role[] roles) =>
            new(name, usage, $"The {name} command", roles.ToHashSet(), (request, _) =>
            {
                Requests.Add(request);
                return Task.FromResult(Reply.Message($"ran {name} [{request.Arguments}]"));
            });
    }

    private sealed class SingleCommand(string name) : ICommandModule
    {
        public IEnumerable<CommandDefinition> Commands =>
            [new(name, name, "Declared twice", new HashSet<Role>(), (_, _) => Task.FromResult(Reply.Message(name)))];
    }
}
