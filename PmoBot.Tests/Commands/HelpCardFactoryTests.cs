using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Tests.Cards;

namespace PmoBot.Tests.Commands;

/// <summary>The help card as PmoBot really builds it, from the real command modules.</summary>
public sealed class HelpCardFactoryTests
{
    private static readonly PmoUser Newcomer = User("Nestor Wilke");
    private static readonly PmoUser Admin = User("Alex Wilber", Role.Admin, Role.Pmo);

    private readonly CommandRouter router = new([RealPeopleCommands()]);

    [Fact]
    public async Task The_help_card_is_valid_for_teams_for_every_kind_of_caller()
    {
        await AdaptiveCardValidator.AssertAllValidAsync(
        [
            ("help, no role", HelpCardFactory.Create(Newcomer, router.AvailableTo(Newcomer))),
            ("help, admin", HelpCardFactory.Create(Admin, router.AvailableTo(Admin))),
        ]);
    }

    [Fact]
    public void The_help_card_tells_someone_without_a_role_how_to_get_one()
    {
        var newcomer = HelpCardFactory.Create(Newcomer, router.AvailableTo(Newcomer)).ToJsonString();
        var admin = HelpCardFactory.Create(Admin, router.AvailableTo(Admin)).ToJsonString();

        Assert.Contains("can give you a role", newcomer, StringComparison.Ordinal);
        Assert.DoesNotContain("can give you a role", admin, StringComparison.Ordinal);
        Assert.Contains("you are PMO, Admin", admin, StringComparison.Ordinal);
        Assert.Contains("Nestor Wilke, you have no role yet.", newcomer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_refused_to_someone_without_a_role_says_they_have_none()
    {
        var reply = await router.RouteAsync(Newcomer, "role list", PmoBot.Conversations.ConversationKind.Personal, [], CancellationToken.None);

        Assert.Contains("and you have no role yet.", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("your role is", reply.Text, StringComparison.Ordinal);
    }

    private static PmoUser User(string name, params Role[] roles) =>
        new(Guid.NewGuid().ToString(), name, null, null, null, roles.ToHashSet(), false, null);

    /// <summary>Only the command table is read, so the stores never connect anywhere.</summary>
    private static PeopleCommands RealPeopleCommands()
    {
        var service = new TableServiceClient("UseDevelopmentStorage=true");
        var directory = new PeopleDirectory(
            new UserStore(service), new RoleMemberStore(service), new UserLookupStore(service), Options.Create(new RolesOptions()), TimeProvider.System);
        return new PeopleCommands(directory, new RoleAdministration(directory));
    }
}

/// <summary>
/// Teams reads <c>&lt;word&gt;</c> in a card or message as an HTML tag and drops it, so "status &lt;code&gt;" showed as
/// "status". Every command of the real app shows its arguments in a notation no client swallows.
/// </summary>
public sealed class HelpArgumentNotationTests
{
    [Fact]
    public void No_command_of_the_app_writes_its_arguments_in_angle_brackets()
    {
        using var server = new PmoBot.Tests.TestSupport.PmoBotServer();
        var router = server.Services.GetRequiredService<CommandRouter>();

        Assert.NotEmpty(router.Commands);
        Assert.All(router.Commands, c => Assert.DoesNotMatch("[<>]", c.Usage));
        var status = Assert.Single(router.Commands, c => c.Name == "status");
        Assert.Equal("status ‹code or part of a name›", status.Usage);
    }

    [Fact]
    public void The_admins_help_card_keeps_every_argument_a_command_takes()
    {
        using var server = new PmoBot.Tests.TestSupport.PmoBotServer();
        var router = server.Services.GetRequiredService<CommandRouter>();
        var admin = new PmoUser(Guid.NewGuid().ToString(), "Alex Wilber", null, null, null, new HashSet<Role> { Role.Admin, Role.Pmo }, false, null);

        var titles = HelpCardFactory.Create(admin, router.AvailableTo(admin))["body"]!.AsArray()
            .SelectMany(e => e!["facts"]?.AsArray() ?? [])
            .Select(f => (string)f!["title"]!)
            .ToList();

        Assert.Contains("review schedule [‹day› ‹hour› | reset]", titles);
        Assert.Contains("meeting ‹code›", titles);
        Assert.All(titles, t => Assert.DoesNotMatch("<[a-z]", t));
    }
}
