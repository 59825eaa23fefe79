using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using PmoBot.Storage;
using PmoBot.Teams;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Storage;

/// <summary>
/// A storage account that takes connections and answers nothing (a hung emulator, a network path that drops
/// packets), with the real bot over HTTP: each request is given up on after <c>Storage:RequestTimeout</c>, without
/// trying again, so a person hears within seconds that storage is not answering, instead of after the SDK's minutes; and
/// once storage answers again, the same requests are served.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class StorageNotAnsweringTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_message_a_card_press_and_an_install_are_answered_within_seconds_and_served_once_storage_answers()
    {
        await using var storage = StorageOutage.InFrontOf(AzuriteStorage.ConnectionString);
        await using var bot = await BotOverHttp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage.ConnectionString,
            ["Storage:RequestTimeout"] = RequestTimeout.ToString(),
            ["Delivery:SendersEnabled"] = "false",
        });
        var person = TestPerson.New("Hung");
        var chat = bot.ChatWith(person);
        Assert.NotNull((await chat.SayAsync("whoami")).Card);

        storage.StopAnswering();
        try
        {
            var clock = Stopwatch.StartNew();
            var apology = await chat.SayAsync("whoami");
            var messageTook = clock.Elapsed;
            Assert.Equal(PmoBotAdapter.StorageFailureMessage, apology.Text);

            clock.Restart();
            var press = TeamsActivities.CardExecute(person, PmoBot.People.PeopleCards.RoleChangeVerb, new JObject { ["person"] = person.Name, ["role"] = "pm" }, bot.Connector.ServiceUrl);
            var pressAnswer = JObject.Parse(await chat.PostAsync(press));
            var pressTook = clock.Elapsed;
            Assert.Equal(PmoBotAdapter.StorageFailureMessage, pressAnswer["value"]?.Value<string>());

            clock.Restart();
            using var install = await PostAsync(bot, TeamsActivities.PersonalInstall(TestPerson.New("Later"), bot.Connector.ServiceUrl));
            var installTook = clock.Elapsed;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, install.StatusCode);
            Assert.Equal("30", install.Headers.GetValues("Retry-After").Single());

            // A request that timed out is not tried again: about one timeout for the turn's step that meets storage
            // first; the SDK's own four tries of 100 s would take minutes.
            var bound = TimeSpan.FromSeconds(12);
            Assert.True(messageTook < bound && pressTook < bound && installTook < bound, $"answered after {messageTook}, {pressTook} and {installTook}");
        }
        finally
        {
            storage.Answer();
        }

        var served = await chat.SayAsync("whoami");
        Assert.NotNull(served.Card);
        Assert.Contains(person.AadObjectId, served.Card!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_press_gives_up_on_storage_within_the_invoke_timeout_teams_waits_for_while_a_message_keeps_the_longer_one()
    {
        await using var storage = StorageOutage.InFrontOf(AzuriteStorage.ConnectionString);
        await using var bot = await BotOverHttp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage.ConnectionString,
            ["Storage:RequestTimeout"] = "00:00:20",
            ["Storage:InvokeRequestTimeout"] = "00:00:01",
            ["Delivery:SendersEnabled"] = "false",
        });
        var person = TestPerson.New("Pressing");
        var chat = bot.ChatWith(person);
        Assert.NotNull((await chat.SayAsync("whoami")).Card);
        var press = TeamsActivities.CardExecute(person, PmoBot.People.PeopleCards.RoleChangeVerb, new JObject { ["person"] = person.Name, ["role"] = "pm" }, bot.Connector.ServiceUrl);

        storage.StopAnswering();
        string? pressAnswer;
        TimeSpan pressTook;
        Task<RecordingConnector.SentActivity> message;
        try
        {
            message = chat.SayAsync("whoami");
            var clock = Stopwatch.StartNew();
            pressAnswer = JObject.Parse(await chat.PostAsync(press))["value"]?.Value<string>();
            pressTook = clock.Elapsed;

            // The message still waits on storage's own, longer timeout.
            Assert.False(message.IsCompleted);
        }
        finally
        {
            storage.Answer();
        }

        // Storage's 20 s would be seconds past Teams' five; the press was given up on at its own limit.
        Assert.Equal(PmoBotAdapter.StorageFailureMessage, pressAnswer);
        Assert.True(pressTook < TimeSpan.FromSeconds(10), $"the press was answered after {pressTook}");
        await message;

        // The twin: with storage answering, the same press is served (a person without the role is told so).
        var served = JObject.Parse(await chat.PostAsync(press))["value"]?.Value<string>();
        Assert.StartsWith("This action is for ", served, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage:RequestTimeout", "00:00:00.050", "Storage:RequestTimeout must be between 0.1 seconds and 5 minutes.")]
    [InlineData("Storage:RequestTimeout", "00:10:00", "Storage:RequestTimeout must be between 0.1 seconds and 5 minutes.")]
    [InlineData("Storage:InvokeRequestTimeout", "00:00:00.050", "Storage:InvokeRequestTimeout must be between 0.1 and 4.5 seconds")]
    [InlineData("Storage:InvokeRequestTimeout", "00:00:05", "Storage:InvokeRequestTimeout must be between 0.1 and 4.5 seconds")]
    [InlineData("Storage:MaxRetries", "-1", "Storage:MaxRetries must be between 0 and 10.")]
    [InlineData("Storage:MaxRetries", "11", "Storage:MaxRetries must be between 0 and 10.")]
    public void A_storage_timeout_or_retry_count_out_of_range_stops_start_up_naming_the_key(string key, string value, string message)
    {
        using var refused = StorageServices(new() { [key] = value });
        using var accepted = StorageServices(new() { ["Storage:RequestTimeout"] = "00:00:02", ["Storage:MaxRetries"] = "0", ["Storage:InvokeRequestTimeout"] = "00:00:04" });

        var error = Assert.Throws<OptionsValidationException>(() => refused.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        accepted.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal((TimeSpan.FromSeconds(2), 0), (accepted.GetRequiredService<IOptions<StorageOptions>>().Value.RequestTimeout, accepted.GetRequiredService<IOptions<StorageOptions>>().Value.MaxRetries));
    }

    private static ServiceProvider StorageServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddStorage(configuration).BuildServiceProvider();
    }

    private static async Task<HttpResponseMessage> PostAsync(BotOverHttp bot, Microsoft.Bot.Schema.Activity activity)
    {
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json");
        return await bot.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }
}
