using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Newtonsoft.Json.Linq;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Teams;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Teams;

/// <summary>
/// PmoTeamsBot through the Bot Framework TestAdapter, with the real features and stores on Azurite: what the
/// user sees in Teams and what storage holds afterwards.
/// </summary>
public sealed class PmoTeamsBotTests
{
    private const string RoleGrantUsage = "role grant ‹person› ‹role›";
    private const string RoleRevokeUsage = "role revoke ‹person› ‹role›";
    private const string RoleListUsage = "role list [role] [page]";

    private static readonly string[] EveryoneCommands = ["help", "whoami", "timezone ‹zone›"];
    private static readonly string[] PmoCommands = ["help", "whoami", "timezone ‹zone›", RoleListUsage, RoleGrantUsage, RoleRevokeUsage];

    // 1. Welcome on the first message.
    [Fact]
    public async Task A_new_users_first_message_gets_the_welcome_card_then_the_answer_and_the_second_message_no_welcome()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New("Robin");

        var first = await bot.SayAsync(person, "whoami");

        Assert.Equal(2, first.Count);
        var welcome = CardOf(first[0]);
        Assert.Contains($"Welcome to PmoBot, {person.Name}", TextsOf(welcome));
        Assert.Contains(("Your role", "no role yet"), FactsOf(welcome));
        Assert.Contains(("Your time zone", "Europe/London"), FactsOf(welcome));
        var whoami = CardOf(first[1]);
        Assert.Contains(("Entra object id", person.AadObjectId), FactsOf(whoami));
        await AdaptiveCardValidator.AssertAllValidAsync([("welcome", welcome), ("whoami", whoami)]);

        var second = await bot.SayAsync(person, "whoami");

        var only = Assert.Single(second);
        Assert.Contains(("Entra object id", person.AadObjectId), FactsOf(CardOf(only)));
        var stored = await bot.People.GetAsync(person.AadObjectId, CancellationToken.None);
        Assert.NotNull(stored?.FirstSeenAt);
    }

    [Fact]
    public async Task Someone_whose_first_words_to_PmoBot_were_in_a_channel_is_welcomed_when_they_first_open_their_personal_chat()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New("Patti");

        var inChannel = await bot.SendAsync(TeamsActivities.ChannelMessage(person, "whoami", NewChannelId()));
        var firstHello = await bot.SayAsync(person, "hello");
        var secondHello = await bot.SayAsync(person, "hello");

        Assert.DoesNotContain(inChannel, reply => HasCard(reply) && TextsOf(CardOf(reply)).Contains($"Welcome to PmoBot, {person.Name}"));
        Assert.Contains($"Welcome to PmoBot, {person.Name}", TextsOf(CardOf(Assert.Single(firstHello))));
        Assert.DoesNotContain($"Welcome to PmoBot, {person.Name}", Assert.Single(secondHello).Text ?? string.Empty);
        Assert.False(HasCard(secondHello[0]));
    }

    [Fact]
    public async Task A_first_hi_gets_the_welcome_alone_and_a_first_unknown_word_the_welcome_then_the_hint_pointing_to_help()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();
        var other = TestPerson.New();

        var greeted = await bot.SayAsync(person, "hi");
        var replies = await bot.SayAsync(other, "hullabaloo");

        Assert.Contains($"Welcome to PmoBot, {person.Name}", TextsOf(CardOf(Assert.Single(greeted))));
        Assert.Equal(2, replies.Count);
        Assert.Contains($"Welcome to PmoBot, {other.Name}", TextsOf(CardOf(replies[0])));
        Assert.False(HasCard(replies[1]));
        Assert.Equal("I don't know the command \"hullabaloo\". Type **help** to see everything you can use.", replies[1].Text);
    }

    [Fact]
    public async Task An_empty_first_message_gets_only_the_welcome_and_an_empty_later_one_a_hint()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();

        var first = await bot.SayAsync(person, "   ");
        var later = await bot.SayAsync(person, string.Empty);

        Assert.Contains($"Welcome to PmoBot, {person.Name}", TextsOf(CardOf(Assert.Single(first))));
        Assert.Equal("I didn't catch a command there. Type **help** to see what I can do.", Assert.Single(later).Text);
    }

    // 2. Install.
    [Fact]
    public async Task A_personal_install_welcomes_once_and_stores_the_personal_conversation_reference()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New("Casey");
        var install = TeamsActivities.PersonalInstall(person, "https://smba.trafficmanager.net/amer/");

        var onInstall = await bot.SendAsync(install);
        var onMembersAdded = await bot.SendAsync(BotAddedToPersonalChat(person, "https://smba.trafficmanager.net/amer/"));
        var onMessage = await bot.SayAsync(person, "whoami");

        var welcome = CardOf(Assert.Single(onInstall));
        Assert.Contains($"Welcome to PmoBot, {person.Name}", TextsOf(welcome));
        await AdaptiveCardValidator.AssertValidAsync("welcome on install", welcome);
        Assert.Empty(onMembersAdded);
        Assert.DoesNotContain($"Welcome to PmoBot, {person.Name}", TextsOf(CardOf(Assert.Single(onMessage))));
        var reference = await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None);
        Assert.NotNull(reference);
        Assert.Equal(ConversationKind.Personal, reference.Kind);
        Assert.Equal(install.Conversation.Id, reference.ConversationId);
        Assert.Equal(TeamsActivities.TenantId, reference.TenantId);
        Assert.Equal(TeamsActivities.BotId, reference.BotId);
        Assert.Equal(person.TeamsUserId, reference.TeamsUserId);
        Assert.Equal("msteams", reference.ChannelId);
    }

    [Fact]
    public async Task The_install_announcements_in_the_other_order_also_welcome_once_and_store_the_service_url()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();

        var onMembersAdded = await bot.SendAsync(BotAddedToPersonalChat(person, "https://smba.trafficmanager.net/emea/"));
        var onInstall = await bot.SendAsync(TeamsActivities.PersonalInstall(person, "https://smba.trafficmanager.net/emea/"));

        Assert.Contains($"Welcome to PmoBot, {person.Name}", TextsOf(CardOf(Assert.Single(onMembersAdded))));
        Assert.Empty(onInstall);
        var reference = await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None);
        Assert.Equal("https://smba.trafficmanager.net/emea/", reference?.ServiceUrl);
    }

    [Fact]
    public async Task Uninstalling_from_the_personal_chat_marks_it_unreachable_with_the_reason_until_they_install_again()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();
        await bot.SendAsync(TeamsActivities.PersonalInstall(person));
        Assert.False((await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None))!.IsUnreachable);
        var uninstall = TeamsActivities.PersonalInstall(person);
        uninstall.Action = "remove";

        var replies = await bot.SendAsync(uninstall);

        // Delivery status then says why their messages fail, and the outbox does not install PmoBot for them again.
        Assert.Empty(replies);
        var removed = (await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None))!;
        Assert.True(removed.IsUnreachable);
        Assert.StartsWith($"{person.Name} removed PmoBot from their Teams apps on ", removed.UnreachableReason, StringComparison.Ordinal);

        await bot.SendAsync(TeamsActivities.PersonalInstall(person));
        Assert.False((await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None))!.IsUnreachable);

        // Removed again, through another instance (this one's saved address is still fresh), then installed here.
        var otherInstance = new ConversationReferenceStore(new Azure.Data.Tables.TableServiceClient(AzuriteStorage.ConnectionString));
        await otherInstance.MarkUnreachableAsync(ConversationKind.Personal, removed.Key, "removed elsewhere", DateTimeOffset.UtcNow, CancellationToken.None);
        await bot.SendAsync(TeamsActivities.PersonalInstall(person));
        Assert.False((await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None))!.IsUnreachable);
    }

    [Fact]
    public async Task Someone_PmoBot_kept_no_chat_for_who_removes_it_is_recorded_unreachable_so_it_is_not_installed_for_them_again()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();
        var uninstall = TeamsActivities.PersonalInstall(person);
        uninstall.Action = "remove";

        await bot.SendAsync(uninstall);

        var removed = (await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None))!;
        Assert.True(removed.IsUnreachable);
        Assert.Equal(uninstall.Conversation.Id, removed.ConversationId);
    }

    [Fact]
    public async Task Installing_in_a_team_channel_introduces_the_bot_there_and_stores_the_channel()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();
        var channelId = NewChannelId();

        var replies = await bot.SendAsync(ChannelInstall(person, channelId, "add"));

        Assert.Equal(PmoTeamsBot.ChannelIntroduction, Assert.Single(replies).Text);
        var reference = await bot.Conversations.GetAsync(ConversationKind.Channel, channelId, CancellationToken.None);
        Assert.Equal(channelId, reference?.ConversationId);
    }

    [Fact]
    public async Task An_app_upgrade_in_a_team_channel_refreshes_the_stored_channel_without_introducing_PmoBot_again()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();
        var channelId = NewChannelId();

        var installed = await bot.SendAsync(ChannelInstall(person, channelId, "add", "https://smba.trafficmanager.net/amer/"));
        var upgraded = await bot.SendAsync(ChannelInstall(person, channelId, "add-upgrade", "https://smba.trafficmanager.net/emea/"));

        Assert.Equal(PmoTeamsBot.ChannelIntroduction, Assert.Single(installed).Text);
        Assert.Empty(upgraded);
        var reference = await bot.Conversations.GetAsync(ConversationKind.Channel, channelId, CancellationToken.None);
        Assert.Equal("https://smba.trafficmanager.net/emea/", reference?.ServiceUrl);
    }

    [Fact]
    public async Task An_installation_update_delivered_twice_introduces_PmoBot_once_and_a_later_install_again()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();
        var channelId = NewChannelId();
        var install = ChannelInstall(person, channelId, "add");

        var first = await bot.SendAsync(install);
        var redelivered = await bot.SendAsync(install);
        var reinstalled = await bot.SendAsync(ChannelInstall(person, channelId, "add"));

        Assert.Equal(PmoTeamsBot.ChannelIntroduction, Assert.Single(first).Text);
        Assert.Empty(redelivered);
        Assert.Equal(PmoTeamsBot.ChannelIntroduction, Assert.Single(reinstalled).Text);
    }

    [Fact]
    public async Task An_app_upgrade_in_the_personal_chat_marks_nobody_unreachable_and_sends_no_welcome_while_a_removal_marks_them()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();
        await bot.SendAsync(TeamsActivities.PersonalInstall(person));
        var removedForUpgrade = TeamsActivities.PersonalInstall(person);
        removedForUpgrade.Action = "remove-upgrade";
        var addedByUpgrade = TeamsActivities.PersonalInstall(person);
        addedByUpgrade.Action = "add-upgrade";

        Assert.Empty(await bot.SendAsync(removedForUpgrade));
        Assert.False((await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None))!.IsUnreachable);
        Assert.Empty(await bot.SendAsync(addedByUpgrade));
        Assert.False((await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None))!.IsUnreachable);

        var uninstall = TeamsActivities.PersonalInstall(person);
        uninstall.Action = "remove";
        await bot.SendAsync(uninstall);
        Assert.True((await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None))!.IsUnreachable);
    }

    /// <summary>An installation update in a team channel, as Teams sends one for an install, a removal or an app upgrade.</summary>
    private static Activity ChannelInstall(TestPerson person, string channelId, string action, string serviceUrl = "https://smba.trafficmanager.net/teams/")
    {
        var install = TeamsActivities.ChannelMessage(person, string.Empty, channelId, serviceUrl);
        install.Type = ActivityTypes.InstallationUpdate;
        install.Action = action;
        install.Text = null;
        install.Entities = null;
        install.Conversation.Id = channelId;
        return install;
    }

    // 3. References stay current.
    [Fact]
    public async Task Every_message_refreshes_the_stored_conversation_reference()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();
        await bot.SendAsync(TeamsActivities.PersonalMessage(person, "hi", "https://smba.trafficmanager.net/amer/"));
        var before = await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None);
        bot.Time.Advance(TimeSpan.FromHours(3));

        await bot.SendAsync(TeamsActivities.PersonalMessage(person, "whoami", "https://smba.trafficmanager.net/emea/"));

        Assert.Equal("https://smba.trafficmanager.net/amer/", before?.ServiceUrl);
        var after = await bot.Conversations.GetPersonalAsync(person.AadObjectId, CancellationToken.None);
        Assert.Equal("https://smba.trafficmanager.net/emea/", after?.ServiceUrl);
        Assert.Equal(bot.Time.GetUtcNow(), after?.UpdatedAt);
    }

    // 4. Help.
    [Fact]
    public async Task Help_for_a_project_manager_lists_only_the_commands_everyone_may_use()
    {
        var bot = await CreateAsync();
        var pm = await bot.KnownPersonAsync("Priya", Role.ProjectManager);

        var card = CardOf(Assert.Single(await bot.SayAsync(pm, "help")));

        var listed = FactsOf(card).Select(f => f.Title).ToList();
        Assert.Equal(EveryoneCommands, listed);
        Assert.DoesNotContain(RoleGrantUsage, listed);
        Assert.DoesNotContain(RoleListUsage, listed);
        Assert.Contains($"{pm.Name}, you are Project manager. Type a command, with or without a leading /.", TextsOf(card));
        await AdaptiveCardValidator.AssertValidAsync("help for a PM", card);
    }

    [Fact]
    public async Task Help_for_a_pmo_member_adds_role_list_grant_and_revoke()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Omar", Role.Pmo);

        var card = CardOf(Assert.Single(await bot.SayAsync(pmo, "help")));

        Assert.Equal(PmoCommands.Order(StringComparer.Ordinal), FactsOf(card).Select(f => f.Title).Order(StringComparer.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("help for PMO", card);
    }

    [Theory]
    [InlineData(new Role[0])]
    [InlineData(new[] { Role.ProjectManager })]
    [InlineData(new[] { Role.Leader })]
    [InlineData(new[] { Role.Pmo })]
    [InlineData(new[] { Role.Admin })]
    public async Task Help_lists_exactly_the_commands_the_router_allows_the_caller(Role[] roles)
    {
        var bot = await CreateAsync();
        var person = await bot.KnownPersonAsync("Sam", roles);
        var user = await bot.People.GetAsync(person.AadObjectId, CancellationToken.None);

        var card = CardOf(Assert.Single(await bot.SayAsync(person, "help")));

        var expected = bot.Commands.AvailableTo(user!).Select(c => (c.Usage, c.Description));
        Assert.Equal(expected, FactsOf(card));
        Assert.Equal(bot.Commands.Commands.Count(c => c.AllowedRoles.Count == 0 || c.AllowedRoles.Overlaps(roles)), FactsOf(card).Count);
    }

    [Theory]
    [InlineData("  /HELP  ")]
    [InlineData("Help")]
    [InlineData("/help")]
    [InlineData("\thelp\n")]
    public async Task Help_ignores_case_a_leading_slash_and_extra_spaces(string typed)
    {
        var bot = await CreateAsync();
        var person = await bot.KnownPersonAsync("Kim", Role.ProjectManager);

        var card = CardOf(Assert.Single(await bot.SayAsync(person, typed)));

        Assert.Contains("What you can ask PmoBot", TextsOf(card));
        Assert.Equal(EveryoneCommands, FactsOf(card).Select(f => f.Title));
    }

    [Fact]
    public async Task Extra_spaces_and_case_inside_a_two_word_command_are_understood()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Ola", Role.Pmo);

        var card = CardOf(Assert.Single(await bot.SayAsync(pmo, "  /ROLE    List ")));

        Assert.Contains("PmoBot roles", TextsOf(card));
    }

    // 5. Channels.
    [Fact]
    public async Task A_channel_message_mentioning_the_bot_is_understood_and_stores_the_channel_reference()
    {
        var bot = await CreateAsync();
        var person = await bot.KnownPersonAsync("Chris", Role.Leader);
        var channelId = NewChannelId();
        var message = TeamsActivities.ChannelMessage(person, "help", channelId, "https://smba.trafficmanager.net/emea/");

        var replies = await bot.SendAsync(message);

        var card = CardOf(Assert.Single(replies));
        Assert.Equal(EveryoneCommands, FactsOf(card).Select(f => f.Title));
        var reference = await bot.Conversations.GetAsync(ConversationKind.Channel, channelId, CancellationToken.None);
        Assert.NotNull(reference);
        Assert.Equal(channelId, reference.ConversationId);
        Assert.Equal("https://smba.trafficmanager.net/emea/", reference.ServiceUrl);
        Assert.Equal("19:team-" + channelId, reference.TeamId);
        Assert.Equal("PMO", reference.Name);
        Assert.Equal(TeamsActivities.TenantId, reference.TenantId);
        Assert.Null(reference.UserKey);
        Assert.Null(await bot.Conversations.GetAsync(ConversationKind.Channel, message.Conversation.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_pmo_member_grants_a_role_in_a_channel_by_mentioning_the_person()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Mo", Role.Pmo);
        var target = await bot.KnownPersonAsync("Megan");
        var message = TeamsActivities.ChannelMessage(pmo, $"role grant <at>{target.Name}</at> leader", NewChannelId());
        message.Entities.Add(TeamsActivities.MentionOf(new ChannelAccount(target.TeamsUserId, target.Name, aadObjectId: target.AadObjectId)));

        var replies = await bot.SendAsync(message);

        Assert.Equal($"{target.Name} is now Leader.", Assert.Single(replies).Text);
        Assert.Equal([Role.Leader], await RolesOfAsync(bot, target));
    }

    // 6. Roles by command.
    [Fact]
    public async Task A_pmo_member_grants_pmo_by_name_and_the_target_then_sees_the_pmo_commands_and_appears_in_role_list()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Morgan", Role.Pmo);
        var target = TestPerson.New("Megan");
        await bot.SayAsync(target, "hi");

        var granted = await bot.SayAsync(pmo, $"role grant {target.Name} pmo");

        Assert.Equal($"{target.Name} is now PMO.", Assert.Single(granted).Text);
        Assert.Equal([Role.Pmo], await RolesOfAsync(bot, target));
        var help = CardOf(Assert.Single(await bot.SayAsync(target, "help")));
        Assert.Equal(PmoCommands.Order(StringComparer.Ordinal), FactsOf(help).Select(f => f.Title).Order(StringComparer.Ordinal));
        var list = CardOf(Assert.Single(await bot.SayAsync(pmo, "role list")));
        await AdaptiveCardValidator.AssertValidAsync("role list", list);
        var pmoHolders = await AllFactsOfRoleAsync(bot, pmo, "pmo");
        Assert.Contains(pmoHolders, f => f.Title == target.Name && f.Value.StartsWith($"granted by {pmo.Name}, ", StringComparison.Ordinal));
        Assert.DoesNotContain(await AllFactsOfRoleAsync(bot, pmo, "admin"), f => f.Title == target.Name);

        var again = await bot.SayAsync(pmo, $"role grant {target.Name} pmo");
        Assert.Equal($"{target.Name} already holds PMO; nothing changed.", Assert.Single(again).Text);
    }

    /// <summary>
    /// Found when this class ran repeatedly against one Azurite: with a few hundred role holders stored (140 of
    /// them project managers), <c>role list</c> answered a 40,451-byte card, which Teams rejects, so the command
    /// stops working for a large PMO. Built from the card factory rather than by filling the shared tables, which
    /// would break every other test that lists roles.
    /// </summary>
    [Fact]
    public async Task Role_list_for_an_organisation_with_350_role_holders_still_fits_in_a_teams_message()
    {
        var grantedAt = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        var holders = Enumerable.Range(1, 320).Select(i => new RoleHolder(Role.ProjectManager, Guid.NewGuid().ToString(), $"Project Manager {i:000}", "granted by Morgan Pmo-Lead", grantedAt))
            .Concat(Enumerable.Range(1, 8).Select(i => new RoleHolder(Role.Pmo, Guid.NewGuid().ToString(), $"PMO Analyst {i}", "granted by setup", grantedAt)))
            .Concat(Enumerable.Range(1, 22).Select(i => new RoleHolder(Role.Leader, Guid.NewGuid().ToString(), $"Delivery Head {i}", "granted by Morgan Pmo-Lead", grantedAt)))
            .ToList();

        var card = PeopleCards.RoleList(holders, TimeZoneInfo.Utc);

        await AdaptiveCardValidator.AssertValidAsync("role list of a 350-person organisation", card);
    }

    [Fact]
    public async Task Role_list_of_a_page_past_the_last_says_so_and_a_page_that_exists_lists_its_holders()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Rae", Role.Pmo);

        var pastTheEnd = Assert.Single(await bot.SayAsync(pmo, "role list pmo 999")).Text;
        var first = CardOf(Assert.Single(await bot.SayAsync(pmo, "role list pmo 1")));

        Assert.Matches(@"^There is no page 999: the [\d,]+ PMO holders fit on \d+\. Type \*\*role list pmo\*\* for the first\.$", pastTheEnd);
        Assert.StartsWith("PMO (", TextsOf(first)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pmo_member_revokes_a_role_and_the_person_leaves_role_list()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Rae", Role.Pmo);
        var target = await bot.KnownPersonAsync("Lee", Role.Leader, Role.ProjectManager);

        var revoked = await bot.SayAsync(pmo, $"role revoke {target.Name} leader");

        Assert.Equal($"{target.Name} no longer holds Leader.", Assert.Single(revoked).Text);
        Assert.Equal([Role.ProjectManager], await RolesOfAsync(bot, target));
        var holders = await bot.People.ListRoleHoldersAsync(CancellationToken.None);
        Assert.DoesNotContain(holders, h => h.UserKey == target.AadObjectId && h.Role == Role.Leader);
        Assert.Contains(holders, h => h.UserKey == target.AadObjectId && h.Role == Role.ProjectManager);
    }

    [Fact]
    public async Task A_project_manager_trying_role_grant_is_refused_with_the_roles_that_may_use_it_and_nothing_changes()
    {
        var bot = await CreateAsync();
        var pm = await bot.KnownPersonAsync("Pam", Role.ProjectManager);
        var target = await bot.KnownPersonAsync("Tom");

        var replies = await bot.SayAsync(pm, $"role grant {target.Name} pmo");

        var text = Assert.Single(replies).Text;
        Assert.StartsWith("**role grant** is for PMO or Admin", text, StringComparison.Ordinal);
        Assert.Contains("your role is Project manager", text, StringComparison.Ordinal);
        Assert.Empty(await RolesOfAsync(bot, target));
        Assert.Equal([Role.ProjectManager], await RolesOfAsync(bot, pm));
        var holders = await bot.People.ListRoleHoldersAsync(CancellationToken.None);
        Assert.DoesNotContain(holders, h => h.UserKey == target.AadObjectId);
    }

    [Fact]
    public async Task A_configured_admin_can_grant_admin_but_a_pmo_member_cannot()
    {
        var admin = TestPerson.New("Ada");
        var bot = await CreateAsync(admins: [admin.AadObjectId]);
        var pmo = await bot.KnownPersonAsync("Pia", Role.Pmo);
        var target = await bot.KnownPersonAsync("Ted");
        await bot.SayAsync(admin, "hi");

        var byPmo = await bot.SayAsync(pmo, $"role grant {target.Name} admin");

        Assert.Equal("Only an admin can grant the Admin role. Nothing was changed.", Assert.Single(byPmo).Text);
        Assert.Empty(await RolesOfAsync(bot, target));

        var byAdmin = await bot.SayAsync(admin, $"role grant {target.Name} admin");

        Assert.Equal($"{target.Name} is now Admin.", Assert.Single(byAdmin).Text);
        Assert.Equal([Role.Admin], await RolesOfAsync(bot, target));
        var whoami = CardOf(Assert.Single(await bot.SayAsync(admin, "whoami")));
        Assert.Contains(("Roles", "Admin (Admin from configuration)"), FactsOf(whoami));
    }

    [Fact]
    public async Task A_configured_admin_cannot_be_revoked_in_chat()
    {
        var admin = TestPerson.New("Ada");
        var bot = await CreateAsync(admins: [admin.AadObjectId]);
        await bot.SayAsync(admin, "hi");

        var replies = await bot.SayAsync(admin, $"role revoke {admin.AadObjectId} admin");

        Assert.Equal($"{admin.Name} is an admin through configuration (Roles:Admins); remove them there to take the role away.", Assert.Single(replies).Text);
        var user = await bot.People.GetAsync(admin.AadObjectId, CancellationToken.None);
        Assert.True(user!.Has(Role.Admin));
    }

    [Fact]
    public async Task Role_grant_with_an_unknown_person_or_role_says_so_and_changes_nothing()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Una", Role.Pmo);
        var target = await bot.KnownPersonAsync("Val");

        var unknownPerson = await bot.SayAsync(pmo, "role grant Nobody Atall pmo");
        var unknownRole = await bot.SayAsync(pmo, $"role grant {target.Name} wizard");

        Assert.StartsWith("No one PmoBot knows matches \"Nobody Atall\"", Assert.Single(unknownPerson).Text, StringComparison.Ordinal);
        Assert.Equal("\"wizard\" is not a PmoBot role. Use pm, pmo, leader or admin.", Assert.Single(unknownRole).Text);
        Assert.Empty(await RolesOfAsync(bot, target));
    }

    // 7. The role card.
    [Fact]
    public async Task Role_grant_without_arguments_answers_the_role_form_and_its_execute_button_changes_the_role_and_updates_the_card()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Fay", Role.Pmo);
        var target = await bot.KnownPersonAsync("Gus");

        var form = CardOf(Assert.Single(await bot.SayAsync(pmo, "role grant")));

        Assert.Contains("Change a role", TextsOf(form));
        var grant = form["actions"]!.AsArray().Single(a => a?["title"]?.GetValue<string>() == "Grant")!;
        Assert.Equal("Action.Execute", grant["type"]!.GetValue<string>());
        Assert.Equal(PeopleCards.RoleChangeVerb, grant["verb"]!.GetValue<string>());

        var data = ClickData(grant, person: target.Name, role: "pmo");
        var replies = await bot.SendAsync(TeamsActivities.CardExecute(pmo, PeopleCards.RoleChangeVerb, data));

        var response = InvokeResponseOf(replies);
        Assert.Equal(200, response.Status);
        var body = Assert.IsType<AdaptiveCardInvokeResponse>(response.Body);
        Assert.Equal(200, body.StatusCode);
        Assert.Equal(AdaptiveCard.ContentType, body.Type);
        var updated = ToJsonObject(body.Value);
        Assert.Contains($"{target.Name} is now PMO.", TextsOf(updated));
        Assert.Contains(target.Name, TextsOf(updated));
        Assert.Equal([Role.Pmo], await RolesOfAsync(bot, target));
        await AdaptiveCardValidator.AssertAllValidAsync([("role form", form), ("role form after grant", updated)]);
    }

    [Fact]
    public async Task The_revoke_button_of_the_role_form_takes_the_role_away()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Hal", Role.Pmo);
        var target = await bot.KnownPersonAsync("Ivy", Role.Leader);
        var form = CardOf(Assert.Single(await bot.SayAsync(pmo, "role revoke")));
        var revoke = form["actions"]!.AsArray().Single(a => a?["title"]?.GetValue<string>() == "Revoke")!;

        var replies = await bot.SendAsync(TeamsActivities.CardExecute(pmo, PeopleCards.RoleChangeVerb, ClickData(revoke, target.Name, "leader")));

        var body = Assert.IsType<AdaptiveCardInvokeResponse>(InvokeResponseOf(replies).Body);
        Assert.Contains($"{target.Name} no longer holds Leader.", TextsOf(ToJsonObject(body.Value)));
        Assert.Empty(await RolesOfAsync(bot, target));
    }

    [Fact]
    public async Task A_role_change_sent_as_a_number_changes_nothing_and_revoke_by_name_takes_the_role_away()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Hal", Role.Pmo);
        var target = await bot.KnownPersonAsync("Ivy", Role.Leader);

        // Enum parsing takes any number: "7" was neither grant nor revoke, and was carried out as a revoke.
        var replies = await bot.SendAsync(TeamsActivities.CardExecute(pmo, PeopleCards.RoleChangeVerb, new JObject { ["person"] = target.Name, ["role"] = "leader", ["change"] = "7" }));

        var refused = ToJsonObject(Assert.IsType<AdaptiveCardInvokeResponse>(InvokeResponseOf(replies).Body).Value);
        Assert.Contains(TextsOf(refused), t => t.StartsWith("This button did not say whether to grant or revoke", StringComparison.Ordinal));
        Assert.Equal([Role.Leader], await RolesOfAsync(bot, target));
        var revoked = await bot.SendAsync(TeamsActivities.CardExecute(pmo, PeopleCards.RoleChangeVerb, new JObject { ["person"] = target.Name, ["role"] = "leader", ["change"] = "Revoke" }));
        Assert.Contains($"{target.Name} no longer holds Leader.", TextsOf(ToJsonObject(Assert.IsType<AdaptiveCardInvokeResponse>(InvokeResponseOf(revoked).Body).Value)));
        Assert.Empty(await RolesOfAsync(bot, target));
    }

    [Fact]
    public async Task A_role_form_submit_without_a_person_answers_the_form_with_a_clear_error_and_changes_nothing()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Jo", Role.Pmo);
        var target = await bot.KnownPersonAsync("Kai");

        var noPerson = await bot.SendAsync(TeamsActivities.CardExecute(pmo, PeopleCards.RoleChangeVerb, new JObject { ["role"] = "pmo", ["change"] = "Grant" }));
        var noRole = await bot.SendAsync(TeamsActivities.CardExecute(pmo, PeopleCards.RoleChangeVerb, new JObject { ["person"] = target.Name, ["change"] = "Grant" }));

        var noPersonResponse = InvokeResponseOf(noPerson);
        Assert.Equal(200, noPersonResponse.Status);
        var card = ToJsonObject(Assert.IsType<AdaptiveCardInvokeResponse>(noPersonResponse.Body).Value);
        Assert.Contains(TextsOf(card), t => t.StartsWith("Say who and which role: **role grant", StringComparison.Ordinal));
        Assert.Contains("Change a role", TextsOf(card));
        var noRoleCard = ToJsonObject(Assert.IsType<AdaptiveCardInvokeResponse>(InvokeResponseOf(noRole).Body).Value);
        Assert.Contains(TextsOf(noRoleCard), t => t.StartsWith("Say who and which role", StringComparison.Ordinal));
        Assert.Empty(await RolesOfAsync(bot, target));
        await AdaptiveCardValidator.AssertValidAsync("role form with an error", card);
    }

    [Fact]
    public async Task A_card_action_with_an_unknown_verb_gets_a_clear_message_and_changes_nothing()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Lou", Role.Pmo);
        var target = await bot.KnownPersonAsync("Max");

        var replies = await bot.SendAsync(TeamsActivities.CardExecute(pmo, "role.promote", new JObject { ["person"] = target.Name, ["role"] = "pmo", ["change"] = "Grant" }));

        var response = InvokeResponseOf(replies);
        Assert.Equal(200, response.Status);
        var body = Assert.IsType<AdaptiveCardInvokeResponse>(response.Body);
        Assert.Equal("application/vnd.microsoft.activity.message", body.Type);
        Assert.Equal(
            "This button (role.promote) is not one PmoBot knows, perhaps from an older card. Nothing was changed; type **help** to see what you can do.",
            body.Value as string);
        Assert.Empty(await RolesOfAsync(bot, target));
    }

    [Fact]
    public async Task A_project_manager_clicking_the_role_form_is_refused_and_nothing_changes()
    {
        var bot = await CreateAsync();
        var pm = await bot.KnownPersonAsync("Ned", Role.ProjectManager);
        var target = await bot.KnownPersonAsync("Oz");

        var replies = await bot.SendAsync(TeamsActivities.CardExecute(pm, PeopleCards.RoleChangeVerb, new JObject { ["person"] = target.Name, ["role"] = "pmo", ["change"] = "Grant" }));

        var body = Assert.IsType<AdaptiveCardInvokeResponse>(InvokeResponseOf(replies).Body);
        var message = Assert.IsType<string>(body.Value);
        Assert.Contains("This action is for PMO or Admin", message, StringComparison.Ordinal);
        Assert.Contains("Project manager", message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", message, StringComparison.Ordinal);
        Assert.Empty(await RolesOfAsync(bot, target));
    }

    [Fact]
    public async Task The_role_form_through_action_submit_updates_the_clicked_card_in_place_and_changes_the_role()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Pat", Role.Pmo);
        var target = await bot.KnownPersonAsync("Quinn");
        var formMessage = Assert.Single(await bot.SayAsync(pmo, "role grant"));
        var grant = CardOf(formMessage)["actions"]!.AsArray().Single(a => a?["title"]?.GetValue<string>() == "Grant")!;
        // A client without Universal Actions runs the fallback Action.Submit: its data plus the inputs.
        var fallback = grant["fallback"]!;
        Assert.Equal("Action.Submit", fallback["type"]!.GetValue<string>());
        var data = JObject.Parse(fallback["data"]!.ToJsonString());
        data["person"] = target.Name;
        data["role"] = "leader";

        var replies = await bot.SendAsync(TeamsActivities.CardSubmit(pmo, data, formMessage.Id));

        Assert.Empty(replies);
        var update = Assert.Single(bot.Adapter.Updates);
        Assert.Equal(formMessage.Id, update.Id);
        var updated = CardOf(update);
        Assert.Contains($"{target.Name} is now Leader.", TextsOf(updated));
        Assert.Equal([Role.Leader], await RolesOfAsync(bot, target));
        await AdaptiveCardValidator.AssertValidAsync("role form updated in place", updated);
    }

    [Fact]
    public async Task An_action_submit_without_a_verb_says_nothing_was_changed()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Rio", Role.Pmo);
        var target = await bot.KnownPersonAsync("Sol");

        var replies = await bot.SendAsync(TeamsActivities.CardSubmit(pmo, new JObject { ["person"] = target.Name, ["role"] = "pmo" }, "1:some-card"));

        Assert.Equal("That card did not say what to do, so nothing was changed. Type **help** to see what you can do.", Assert.Single(replies).Text);
        Assert.Empty(bot.Adapter.Updates);
        Assert.Empty(await RolesOfAsync(bot, target));
    }

    // 8. Duplicate deliveries.
    [Fact]
    public async Task A_duplicate_delivery_of_the_same_activity_is_answered_once()
    {
        var bot = await CreateAsync();
        var person = await bot.KnownPersonAsync("Dee");
        var activity = TeamsActivities.PersonalMessage(person, "whoami");

        var first = await bot.SendAsync(activity);
        var second = await bot.SendAsync(activity);
        var another = await bot.SayAsync(person, "whoami");

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Single(another);
    }

    [Fact]
    public async Task A_duplicate_delivery_of_a_role_grant_changes_and_answers_once()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Eve", Role.Pmo);
        var target = await bot.KnownPersonAsync("Flo");
        var activity = TeamsActivities.PersonalMessage(pmo, $"role grant {target.Name} pm");

        var first = await bot.SendAsync(activity);
        var second = await bot.SendAsync(activity);

        Assert.Equal($"{target.Name} is now Project manager.", Assert.Single(first).Text);
        Assert.Empty(second);
    }

    [Fact]
    public async Task A_duplicate_delivery_of_a_card_invoke_still_gets_an_invoke_response_and_changes_the_role_once()
    {
        var bot = await CreateAsync();
        var pmo = await bot.KnownPersonAsync("Gia", Role.Pmo);
        var target = await bot.KnownPersonAsync("Hex");
        var invoke = TeamsActivities.CardExecute(pmo, PeopleCards.RoleChangeVerb, new JObject { ["person"] = target.Name, ["role"] = "leader", ["change"] = "Grant" });

        var first = await bot.SendAsync(invoke);
        var second = await bot.SendAsync(invoke);

        Assert.Equal(200, InvokeResponseOf(first).Status);
        Assert.Equal([Role.Leader], await RolesOfAsync(bot, target));
        // Without an invoke response the CloudAdapter answers Teams 501, and Teams shows the card as failed
        // although the first delivery did the work.
        Assert.True(
            second.Any(r => r.Type == ActivityTypesEx.InvokeResponse),
            "A redelivered adaptiveCard/action invoke got no invoke response, so CloudAdapter would answer Teams with 501.");
        Assert.Equal(200, InvokeResponseOf(second).Status);
    }

    // 9. Failures.
    [Fact]
    public async Task A_storage_failure_mid_turn_is_apologised_for_and_the_retried_activity_is_answered()
    {
        var bot = await CreateAsync();
        UseProductionTurnErrorHandler(bot);
        var person = await bot.KnownPersonAsync("Gil");
        var activity = TeamsActivities.PersonalMessage(person, "whoami");
        bot.Faults.FailNext(ConversationReferenceStore.TableName);

        var failed = await bot.SendAsync(activity);

        Assert.Equal(1, bot.Faults.Injected);
        Assert.Equal(PmoBotAdapter.StorageFailureMessage, Assert.Single(failed).Text);

        var retried = await bot.SendAsync(activity);

        Assert.Contains(("Entra object id", person.AadObjectId), FactsOf(CardOf(Assert.Single(retried))));
    }

    [Fact]
    public async Task A_role_grant_whose_index_write_fails_is_repaired_by_the_retry()
    {
        var bot = await CreateAsync();
        UseProductionTurnErrorHandler(bot);
        var pmo = await bot.KnownPersonAsync("Hub", Role.Pmo);
        var target = await bot.KnownPersonAsync("Ina");
        var activity = TeamsActivities.PersonalMessage(pmo, $"role grant {target.Name} leader");
        bot.Faults.FailNext(RoleMemberStore.TableName, RequestMethod.Put);

        var failed = await bot.SendAsync(activity);
        var retried = await bot.SendAsync(activity);

        Assert.Equal(1, bot.Faults.Injected);
        Assert.Equal(PmoBotAdapter.StorageFailureMessage, Assert.Single(failed).Text);
        Assert.Equal($"{target.Name} already holds Leader; nothing changed.", Assert.Single(retried).Text);
        var holders = await bot.People.ListRoleHoldersAsync(CancellationToken.None);
        Assert.Contains(holders, h => h.UserKey == target.AadObjectId && h.Role == Role.Leader);
    }

    [Fact]
    public async Task When_the_duplicate_check_itself_cannot_reach_storage_the_user_is_told_and_the_retry_is_answered()
    {
        var bot = await CreateAsync();
        UseProductionTurnErrorHandler(bot);
        var person = await bot.KnownPersonAsync("Jan");
        var activity = TeamsActivities.PersonalMessage(person, "whoami");
        bot.Faults.FailNext(ProcessedActivityStore.TableName);

        var failed = await bot.SendAsync(activity);
        var retried = await bot.SendAsync(activity);

        Assert.Equal(PmoBotAdapter.StorageFailureMessage, Assert.Single(failed).Text);
        Assert.Single(retried);
    }

    [Fact]
    public async Task A_feature_that_throws_gets_the_friendly_failure_message_and_releases_the_claim_for_the_retry()
    {
        var calls = 0;
        var flaky = new Mock<ICommandModule>();
        flaky.Setup(m => m.Commands).Returns(
        [
            new CommandDefinition("flaky report", "flaky report", "Fails the first time", new HashSet<Role>(), (_, _) =>
                Interlocked.Increment(ref calls) == 1
                    ? throw new InvalidOperationException("A bug in a feature")
                    : Task.FromResult(Reply.Message("Here is the report."))),
        ]);
        var bot = await CreateAsync(extraModules: [flaky.Object]);
        UseProductionTurnErrorHandler(bot);
        var person = await bot.KnownPersonAsync("Kit");
        var activity = TeamsActivities.PersonalMessage(person, "flaky report");

        var failed = await bot.SendAsync(activity);
        var retried = await bot.SendAsync(activity);

        Assert.Equal(PmoBotAdapter.FailureMessage, Assert.Single(failed).Text);
        Assert.Equal("Here is the report.", Assert.Single(retried).Text);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_failing_card_invoke_releases_its_claim_so_the_retry_changes_the_role()
    {
        var bot = await CreateAsync();
        UseProductionTurnErrorHandler(bot);
        var pmo = await bot.KnownPersonAsync("Lin", Role.Pmo);
        var target = await bot.KnownPersonAsync("Mae");
        var invoke = TeamsActivities.CardExecute(pmo, PeopleCards.RoleChangeVerb, new JObject { ["person"] = target.Name, ["role"] = "pmo", ["change"] = "Grant" });
        bot.Faults.FailNext(UserStore.TableName);

        await bot.SendAsync(invoke);
        var retried = await bot.SendAsync(invoke);

        Assert.Equal(1, bot.Faults.Injected);
        var body = Assert.IsType<AdaptiveCardInvokeResponse>(InvokeResponseOf(retried).Body);
        Assert.Contains($"{target.Name} is now PMO.", TextsOf(ToJsonObject(body.Value)));
        Assert.Equal([Role.Pmo], await RolesOfAsync(bot, target));
    }

    // 10. Time zones.
    [Fact]
    public async Task An_explicit_time_zone_is_shown_by_whoami_and_not_overridden_by_the_teams_client_time_zone()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New("Tess");
        await bot.SayAsync(person, "hi");

        var set = await bot.SayAsync(person, "timezone Europe/Berlin");
        var whoami = CardOf(Assert.Single(await bot.SayAsync(person, "whoami")));
        var fromNewYork = TeamsActivities.PersonalMessage(person, "whoami");
        fromNewYork.LocalTimezone = "America/New_York";
        var later = CardOf(Assert.Single(await bot.SendAsync(fromNewYork)));
        // A profile that does get rewritten (the display name changed in Entra) still keeps the chosen zone.
        var renamed = person with { Name = person.Name + " Jr" };
        var fromNewYorkRenamed = TeamsActivities.PersonalMessage(renamed, "whoami");
        fromNewYorkRenamed.LocalTimezone = "America/New_York";
        var afterRename = CardOf(Assert.Single(await bot.SendAsync(fromNewYorkRenamed)));

        Assert.Equal("Done: your time zone is now Europe/Berlin. Reviews and reminders will follow your local time.", Assert.Single(set).Text);
        Assert.Contains(("Time zone", "Europe/Berlin"), FactsOf(whoami));
        Assert.Contains(("Time zone", "Europe/Berlin"), FactsOf(later));
        Assert.Contains(renamed.Name, TextsOf(afterRename));
        Assert.Contains(("Time zone", "Europe/Berlin"), FactsOf(afterRename));
        var stored = await bot.People.GetAsync(person.AadObjectId, CancellationToken.None);
        Assert.Equal("Europe/Berlin", stored?.TimeZone);
        Assert.Equal(renamed.Name, stored?.Name);
    }

    [Fact]
    public async Task Until_the_user_chooses_a_time_zone_the_teams_client_time_zone_is_followed()
    {
        var bot = await CreateAsync();
        var person = TestPerson.New();
        await bot.SayAsync(person, "hi");
        var fromNewYork = TeamsActivities.PersonalMessage(person, "whoami");
        fromNewYork.LocalTimezone = "America/New_York";

        var whoami = CardOf(Assert.Single(await bot.SendAsync(fromNewYork)));

        Assert.Contains(("Time zone", "America/New_York"), FactsOf(whoami));
        Assert.Equal("America/New_York", (await bot.People.GetAsync(person.AadObjectId, CancellationToken.None))?.TimeZone);
    }

    [Fact]
    public async Task A_windows_time_zone_name_is_stored_as_its_iana_id()
    {
        var bot = await CreateAsync();
        var person = await bot.KnownPersonAsync("Wes");

        var replies = await bot.SayAsync(person, "timezone W. Europe Standard Time");

        Assert.StartsWith("Done: your time zone is now Europe/Berlin.", Assert.Single(replies).Text, StringComparison.Ordinal);
        Assert.Equal("Europe/Berlin", (await bot.People.GetAsync(person.AadObjectId, CancellationToken.None))?.TimeZone);
    }

    [Fact]
    public async Task An_unknown_time_zone_is_refused_and_the_stored_one_kept()
    {
        var bot = await CreateAsync();
        var person = await bot.KnownPersonAsync("Uma");

        var replies = await bot.SayAsync(person, "timezone Mars/Olympus");

        Assert.StartsWith("\"Mars/Olympus\" is not a time zone I know.", Assert.Single(replies).Text, StringComparison.Ordinal);
        Assert.Equal("Europe/London", (await bot.People.GetAsync(person.AadObjectId, CancellationToken.None))?.TimeZone);
    }

    [Fact]
    public async Task A_time_zone_spelt_nearly_right_is_refused_with_the_zone_meant_and_a_city_alone_is_taken()
    {
        var bot = await CreateAsync();
        var person = await bot.KnownPersonAsync("Uma");

        var misspelt = await bot.SayAsync(person, "timezone Europe/Prais");
        var stored = (await bot.People.GetAsync(person.AadObjectId, CancellationToken.None))?.TimeZone;
        var city = await bot.SayAsync(person, "timezone new york");

        Assert.StartsWith("\"Europe/Prais\" is not a time zone I know. Did you mean **Europe/Paris**? Type **timezone Europe/Paris**.", Assert.Single(misspelt).Text, StringComparison.Ordinal);
        Assert.Equal("Europe/London", stored);
        Assert.StartsWith("Done: your time zone is now America/New_York.", Assert.Single(city).Text, StringComparison.Ordinal);
    }

    private static string NewChannelId() => $"19:{Guid.NewGuid():N}@thread.tacv2";

    private static Activity BotAddedToPersonalChat(TestPerson person, string serviceUrl)
    {
        var update = TeamsActivities.PersonalInstall(person, serviceUrl);
        update.Type = ActivityTypes.ConversationUpdate;
        update.Action = null;
        update.MembersAdded = [new ChannelAccount(TeamsActivities.BotId, TeamsActivities.BotName)];
        return update;
    }

    /// <summary>What Teams sends when the button is clicked: the button's data plus the form's inputs.</summary>
    private static JObject ClickData(JsonNode button, string person, string role)
    {
        var data = JObject.Parse(button["data"]!.ToJsonString());
        data[PeopleCards.PersonField] = person;
        data[PeopleCards.RoleField] = role;
        return data;
    }

    private static InvokeResponse InvokeResponseOf(IReadOnlyList<Activity> replies)
    {
        var reply = Assert.Single(replies);
        Assert.Equal(ActivityTypesEx.InvokeResponse, reply.Type);
        return Assert.IsType<InvokeResponse>(reply.Value);
    }

    /// <summary>Every holder of a role, page by page through <c>role list &lt;role&gt; &lt;page&gt;</c> (the shared Azurite holds many).</summary>
    private static async Task<List<(string Title, string Value)>> AllFactsOfRoleAsync(BotHarness bot, TestPerson viewer, string role)
    {
        var facts = new List<(string Title, string Value)>();
        for (var page = 1; page <= 100; page++)
        {
            var card = CardOf(Assert.Single(await bot.SayAsync(viewer, $"role list {role} {page}")));
            facts.AddRange(FactsOf(card));
            if (card["actions"] is null)
            {
                return facts;
            }
        }

        return facts;
    }

    private static async Task<IReadOnlyList<Role>> RolesOfAsync(BotHarness bot, TestPerson person) =>
        (await bot.People.GetAsync(person.AadObjectId, CancellationToken.None))!.StoredRoles.Order().ToList();

    /// <summary>The app's own turn error handler (PmoBotAdapter's) on the test adapter.</summary>
    private static void UseProductionTurnErrorHandler(BotHarness bot)
    {
        var production = new PmoBotAdapter(
            new ConfigurationBotFrameworkAuthentication(new ConfigurationBuilder().Build()),
            NullLogger<PmoBotAdapter>.Instance);
        bot.Adapter.OnTurnError = production.OnTurnError;
    }
}
