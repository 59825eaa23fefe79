using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.People;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Delivery;

public sealed class DeliveryStatusTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_status_card_is_valid_and_shows_the_counts_and_why_deliveries_failed()
    {
        var failures = Enumerable.Range(0, DeliveryCards.FailuresShown + 2)
            .Select(i => Failure($"Personal user-{i}", 403, "The bot is not part of the conversation roster.", Now.AddMinutes(-i)))
            .ToList();
        var report = new DeliveryStatusReport(Counts(queued: 4, sent: 1234, failed: failures.Count), 6, 2, failures, Now.AddDays(-1));

        var card = DeliveryCards.Status(report, TimeZoneInfo.Utc);

        await AdaptiveCardValidator.AssertValidAsync("delivery status", card);
        var json = card.ToJsonString();
        Assert.Contains("1,234", json, StringComparison.Ordinal);
        Assert.Contains("\"Failed\",\"value\":\"17\"", json, StringComparison.Ordinal);
        Assert.Contains("403: The bot is not part of the conversation roster.", json, StringComparison.Ordinal);
        Assert.Contains("Personal user-0 (10 Mar 09:00)", json, StringComparison.Ordinal);
        Assert.Contains("2 older failures (2 messages) are not shown.", json, StringComparison.Ordinal);

        // The outcomes as a donut in Teams (only those that happened), and every count as facts where charts are not drawn.
        var donut = CardCharts.Only(card, "Chart.Donut");
        Assert.Equal([("Queued: 4", 4), ("Sent: 1,234", 1234), ("Failed: 17", 17)], CardCharts.Slices(donut));
        Assert.Equal(
            [("Queued", "4"), ("Sending", "0"), ("Retrying", "0"), ("Sent", "1,234"), ("Failed", "17"), ("Dropped (updates not sent: the message never arrived, or a newer version was sent first)", "0"), ("Messages in the outbox queue", "6"), ("Dead letters (need a look)", "2")],
            Teams.BotHarness.FactsOf(CardCharts.WithoutCharts(card)).Take(8));
    }

    [Fact]
    public async Task A_persons_failures_for_one_cause_are_one_line_naming_them_with_the_count_and_the_latest_time()
    {
        const string NeverOpened = "this person had not opened PmoBot yet";
        var failures = new List<DeliveryLogEntry>
        {
            Failure("Personal megan", 404, NeverOpened, Now.AddMinutes(-30)),
            Failure("Personal megan", 404, NeverOpened, Now.AddMinutes(-5)),
            Failure("Channel 19:pmo@thread.tacv2", 403, "The bot is not part of the conversation roster.", Now.AddMinutes(-10)),
            Failure("Personal megan", 404, NeverOpened, Now.AddMinutes(-20)),
            Failure("Personal adele", 404, NeverOpened, Now.AddMinutes(-40)),
        };
        var names = new Dictionary<string, string> { ["Personal megan"] = "Megan Bowen (personal chat)", ["Channel 19:pmo@thread.tacv2"] = "PMO (channel)" };

        var card = DeliveryCards.Status(new DeliveryStatusReport(Counts(queued: 0, sent: 0, failed: failures.Count), 0, 0, failures, Now.AddDays(-1)), TimeZoneInfo.Utc, names);

        await AdaptiveCardValidator.AssertValidAsync("delivery status, grouped", card);
        Assert.Equal(
            [
                ("Megan Bowen (personal chat) (10 Mar 08:55)", $"3 messages · 404: {NeverOpened}"),
                ("PMO (channel) (10 Mar 08:50)", "403: The bot is not part of the conversation roster."),
                ("Personal adele (10 Mar 08:20)", $"404: {NeverOpened}"),
            ],
            Teams.BotHarness.FactsOf(CardCharts.WithoutCharts(card)).Skip(8));
    }

    [Fact]
    public async Task Targets_are_named_as_people_and_channels_are_known_and_an_unknown_one_keeps_its_id()
    {
        var people = await PeopleHarness.CreateAsync();
        var megan = await people.PersonAsync(TestPerson.New("Megan"), Role.ProjectManager);
        var conversations = new ConversationReferenceStore(await AzuriteStorage.WithTablesAsync(ConversationReferenceStore.TableName));
        var channelId = $"19:{Guid.NewGuid():N}@thread.tacv2";
        await conversations.SaveAsync(new ConversationAddress(ConversationKind.Channel, channelId, "https://smba.example/", null, "msteams", "28:bot", "PmoBot", null, null, "team", "PMO", Now), CancellationToken.None);
        var unknown = Guid.NewGuid().ToString();

        var names = await new DeliveryTargetNames(people.Directory, conversations).NameAsync(
            [DeliveryTarget.PersonalChat(megan.UserKey).ToString(), DeliveryTarget.Channel(channelId).ToString(), DeliveryTarget.PersonalChat(unknown).ToString(), "not a target"],
            CancellationToken.None);

        Assert.Equal($"{megan.Name} (personal chat)", names[$"Personal {megan.UserKey}"]);
        Assert.Equal("PMO (channel)", names[$"Channel {channelId}"]);
        Assert.Equal($"{unknown} (personal chat)", names[$"Personal {unknown}"]);
        Assert.Equal("not a target", names["not a target"]);
    }

    [Fact]
    public async Task The_status_card_without_failures_is_valid_and_says_so()
    {
        var card = DeliveryCards.Status(new DeliveryStatusReport(Counts(queued: 0, sent: 3, failed: 0), 0, 0, [], Now.AddDays(-1)), TimeZoneInfo.Utc);

        await AdaptiveCardValidator.AssertValidAsync("delivery status, no failures", card);
        Assert.Contains("No failures.", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delivery_status_is_refused_to_a_project_manager_and_shown_to_the_pmo()
    {
        var harness = await DeliveryHarness.CreateAsync();
        var people = await PeopleHarness.CreateAsync();
        var router = new CommandRouter([new DeliveryCommands(harness.StatusQuery, new DeliveryTargetNames(people.Directory, new ConversationReferenceStore(await AzuriteStorage.WithTablesAsync(ConversationReferenceStore.TableName))))]);

        var refused = await router.RouteAsync(User(Role.ProjectManager), "delivery status", ConversationKind.Personal, [], CancellationToken.None);
        var shown = await router.RouteAsync(User(Role.Pmo), "delivery status", ConversationKind.Personal, [], CancellationToken.None);

        Assert.Null(refused.Card);
        Assert.Contains("**delivery status** is for", refused.Text, StringComparison.Ordinal);
        Assert.Contains("Proactive delivery, last 24 hours", shown.Card!.ToJsonString(), StringComparison.Ordinal);
    }

    private static Dictionary<DeliveryStatus, int> Counts(int queued, int sent, int failed) => new()
    {
        [DeliveryStatus.Queued] = queued,
        [DeliveryStatus.Sent] = sent,
        [DeliveryStatus.Failed] = failed,
    };

    private static DeliveryLogEntry Failure(string target, int status, string reason, DateTimeOffset at) =>
        new(DeliveryHarness.FreshKey(), target, DeliveryStatus.Failed, 1, status, reason, at, at);

    private static PmoUser User(Role role) =>
        new(Guid.NewGuid().ToString(), "Megan Bowen", null, null, "Europe/London", new HashSet<Role> { role }, false, null);
}
