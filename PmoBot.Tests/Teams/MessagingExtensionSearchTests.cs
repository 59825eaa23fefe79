using System.Text.Json.Nodes;
using Azure;
using Moq;
using Newtonsoft.Json.Linq;
using PmoBot.Cards;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Reviews.Templates;
using PmoBot.Teams;
using static PmoBot.Tests.Teams.MessagingExtensionHarness;

namespace PmoBot.Tests.Teams;

/// <summary>"Find project": <c>composeExtension/query</c> invokes through the bot, with the portfolio's lookup as a test double.</summary>
public sealed class MessagingExtensionSearchTests
{
    [Fact]
    public async Task A_search_lists_each_project_with_RAG_and_PM_and_carries_its_status_card()
    {
        var harness = await CreateAsync();
        var (person, user) = await harness.PersonAsync("Isaiah", Role.Leader);
        var red = new ProjectSearchResult("PRJ-101", "Mobile app", "Digital", "Megan Bowen", Rag.Red);
        var unreviewed = new ProjectSearchResult("PRJ-102", "Mobile payments", "Digital", "Adele Vance", null);
        harness.Lookup.Setup(l => l.SearchAsync(It.Is<PmoUser>(u => u.UserKey == user.UserKey && u.Has(Role.Leader)), "mobile", 25, It.IsAny<CancellationToken>()))
            .ReturnsAsync([red, unreviewed]);
        SetupStatusCards(harness, user, "PRJ-101", "PRJ-102");

        var body = await harness.InvokeAsync(Query(person, "  mobile "));

        var result = body["composeExtension"]!;
        Assert.Equal("result", (string?)result["type"]);
        Assert.Equal("list", (string?)result["attachmentLayout"]);
        var attachments = result["attachments"]!.ToArray();
        Assert.Equal(2, attachments.Length);
        Assert.Equal(AdaptiveCard.ContentType, (string?)attachments[0]["contentType"]);
        Assert.Equal("Status of PRJ-101", (string?)attachments[0]["content"]!["body"]![0]!["text"]);
        Assert.Equal("application/vnd.microsoft.card.thumbnail", (string?)attachments[0]["preview"]!["contentType"]);
        Assert.Equal("PRJ-101 · Mobile app", (string?)attachments[0]["preview"]!["content"]!["title"]);
        Assert.Equal("Red · PM Megan Bowen · Digital", (string?)attachments[0]["preview"]!["content"]!["subtitle"]);
        Assert.Equal("No review yet · PM Adele Vance · Digital", (string?)attachments[1]["preview"]!["content"]!["subtitle"]);
        Assert.Equal("Status of PRJ-102", (string?)attachments[1]["content"]!["body"]![0]!["text"]);
    }

    [Fact]
    public async Task A_search_keeps_no_conversation_address_because_the_chat_may_be_one_the_bot_is_not_in()
    {
        var harness = await CreateAsync();
        var (person, user) = await harness.PersonAsync("Megan", Role.ProjectManager);
        harness.Lookup.Setup(l => l.SearchAsync(It.IsAny<PmoUser>(), "x", 25, It.IsAny<CancellationToken>())).ReturnsAsync([]);

        await harness.InvokeAsync(Query(person, "x"));

        Assert.Null(await harness.Conversations.GetPersonalAsync(user.UserKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_search_before_anything_else_leaves_the_welcome_for_the_first_message_in_the_personal_chat()
    {
        var harness = await CreateAsync();
        var person = TestSupport.TestPerson.New("Patti");
        harness.Lookup.Setup(l => l.SearchAsync(It.IsAny<PmoUser>(), "PRJ-101", 25, It.IsAny<CancellationToken>())).ReturnsAsync([]);

        await harness.InvokeAsync(Query(person, "PRJ-101"));
        var firstHello = await harness.SendAsync(TestSupport.TeamsActivities.PersonalMessage(person, "hello"));
        var secondHello = await harness.SendAsync(TestSupport.TeamsActivities.PersonalMessage(person, "hello"));

        Assert.Contains($"Welcome to PmoBot, {person.Name}", BotHarness.TextsOf(BotHarness.CardOf(Assert.Single(firstHello))));
        Assert.False(BotHarness.HasCard(Assert.Single(secondHello)));
    }

    [Fact]
    public async Task The_initial_run_shows_the_callers_projects_and_asks_for_a_query_when_there_are_none()
    {
        var harness = await CreateAsync();
        var (pm, pmUser) = await harness.PersonAsync("Megan", Role.ProjectManager);
        var (newPm, newPmUser) = await harness.PersonAsync("Nestor", Role.ProjectManager);
        harness.Lookup.Setup(l => l.SearchAsync(It.Is<PmoUser>(u => u.UserKey == pmUser.UserKey), "", 25, It.IsAny<CancellationToken>()))
            .ReturnsAsync([new ProjectSearchResult("PRJ-103", "Data platform", "Operations", pmUser.Name, Rag.Green)]);
        harness.Lookup.Setup(l => l.SearchAsync(It.Is<PmoUser>(u => u.UserKey == newPmUser.UserKey), "", 25, It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);
        SetupStatusCards(harness, pmUser, "PRJ-103");

        var mine = await harness.InvokeAsync(Query(pm, null));
        var none = await harness.InvokeAsync(Query(newPm, null));

        var attachment = Assert.Single(mine["composeExtension"]!["attachments"]!.ToArray());
        Assert.Equal("PRJ-103 · Data platform", (string?)attachment["preview"]!["content"]!["title"]);
        Assert.Equal("message", (string?)none["composeExtension"]!["type"]);
        Assert.Equal(ProjectSearchExtension.EmptyQueryMessage, (string?)none["composeExtension"]!["text"]);
    }

    [Fact]
    public async Task A_search_without_matches_says_so_and_names_what_to_type()
    {
        var harness = await CreateAsync();
        var (person, _) = await harness.PersonAsync("Patti", Role.Pmo);
        harness.Lookup.Setup(l => l.SearchAsync(It.IsAny<PmoUser>(), "zebra", 25, It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var body = await harness.InvokeAsync(Query(person, "zebra"));

        Assert.Equal("message", (string?)body["composeExtension"]!["type"]);
        Assert.Equal(
            "No project you may see matches \"zebra\". Try a code (PRJ-101), part of a name, a PM or a business unit.",
            (string?)body["composeExtension"]!["text"]);
    }

    [Fact]
    public async Task Later_pages_follow_skip_and_count_and_an_empty_page_ends_the_list()
    {
        var harness = await CreateAsync();
        var (person, user) = await harness.PersonAsync("Patti", Role.Pmo);
        var all = Enumerable.Range(1, 30).Select(i => new ProjectSearchResult($"PRJ-{i:000}", $"Project {i}", "Digital", "Megan Bowen", Rag.Amber)).ToList();
        harness.Lookup.Setup(l => l.SearchAsync(It.IsAny<PmoUser>(), "project", It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((PmoUser _, string _, int take, CancellationToken _) => all.Take(take).ToList());
        SetupStatusCards(harness, user, all.Select(p => p.Code).ToArray());

        var second = await harness.InvokeAsync(Query(person, "project", skip: 25, count: 25));
        var third = await harness.InvokeAsync(Query(person, "project", skip: 50, count: 25));

        Assert.Equal(
            ["PRJ-026", "PRJ-027", "PRJ-028", "PRJ-029", "PRJ-030"],
            second["composeExtension"]!["attachments"]!.Select(a => ((string?)a["preview"]!["content"]!["title"])![..7]));
        harness.Lookup.Verify(l => l.SearchAsync(It.IsAny<PmoUser>(), "project", 50, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal("result", (string?)third["composeExtension"]!["type"]);
        Assert.Empty(third["composeExtension"]!["attachments"]!);
    }

    [Fact]
    public async Task A_result_whose_status_card_the_caller_may_no_longer_see_is_left_out()
    {
        var harness = await CreateAsync();
        var (person, user) = await harness.PersonAsync("Megan", Role.ProjectManager);
        harness.Lookup.Setup(l => l.SearchAsync(It.IsAny<PmoUser>(), "prj", 25, It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new ProjectSearchResult("PRJ-101", "Mobile app", "Digital", user.Name, Rag.Green),
            new ProjectSearchResult("PRJ-109", "Handed over", "Digital", "Someone else", Rag.Green),
        ]);
        SetupStatusCards(harness, user, "PRJ-101");
        harness.Lookup.Setup(l => l.StatusCardAsync(It.IsAny<PmoUser>(), "PRJ-109", It.IsAny<CancellationToken>())).ReturnsAsync((JsonObject?)null);

        var body = await harness.InvokeAsync(Query(person, "prj"));

        var only = Assert.Single(body["composeExtension"]!["attachments"]!.ToArray());
        Assert.Equal("PRJ-101 · Mobile app", (string?)only["preview"]!["content"]!["title"]);
    }

    [Fact]
    public async Task A_caller_without_a_role_is_told_to_ask_the_PMO_and_nothing_is_searched()
    {
        var harness = await CreateAsync();
        var (person, _) = await harness.PersonAsync("Nestor");

        var body = await harness.InvokeAsync(Query(person, "PRJ"));

        Assert.Equal("message", (string?)body["composeExtension"]!["type"]);
        Assert.Equal(ProjectSearchExtension.NoRoleMessage, (string?)body["composeExtension"]!["text"]);
        harness.Lookup.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_unknown_search_command_gets_a_clear_message()
    {
        var harness = await CreateAsync();
        var (person, _) = await harness.PersonAsync("Patti", Role.Pmo);

        var body = await harness.InvokeAsync(Query(person, "PRJ", commandId: "findPerson"));

        Assert.Equal("message", (string?)body["composeExtension"]!["type"]);
        Assert.Equal(MessagingExtensionRouter.UnknownCommandMessage("findPerson"), (string?)body["composeExtension"]!["text"]);
        harness.Lookup.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Storage_down_during_a_search_is_answered_in_the_search_box_not_with_an_error()
    {
        var harness = await CreateAsync();
        var (person, _) = await harness.PersonAsync("Patti", Role.Pmo);
        harness.Lookup.Setup(l => l.SearchAsync(It.IsAny<PmoUser>(), "PRJ", 25, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(503, "Service unavailable"));

        var body = await harness.InvokeAsync(Query(person, "PRJ"));

        Assert.Equal("message", (string?)body["composeExtension"]!["type"]);
        Assert.Equal(PmoBotAdapter.StorageFailureMessage, (string?)body["composeExtension"]!["text"]);
    }

    [Fact]
    public async Task Storage_down_while_recognising_the_caller_is_answered_the_same_way()
    {
        var harness = await CreateAsync();
        var (person, _) = await harness.PersonAsync("Patti", Role.Pmo);
        harness.Faults.FailNext(UserStore.TableName);

        var body = await harness.InvokeAsync(Query(person, "PRJ"));

        Assert.Equal(1, harness.Faults.Injected);
        Assert.Equal(PmoBotAdapter.StorageFailureMessage, (string?)body["composeExtension"]!["text"]);
        harness.Lookup.VerifyNoOtherCalls();
    }

    private static void SetupStatusCards(MessagingExtensionHarness harness, PmoUser viewer, params string[] codes)
    {
        foreach (var code in codes)
        {
            harness.Lookup.Setup(l => l.StatusCardAsync(It.Is<PmoUser>(u => u.UserKey == viewer.UserKey), code, It.IsAny<CancellationToken>()))
                .ReturnsAsync(AdaptiveCard.Create([AdaptiveCard.Heading($"Status of {code}")]));
        }
    }
}
