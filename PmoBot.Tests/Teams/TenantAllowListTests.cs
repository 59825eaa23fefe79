using System.Net;
using Azure.Data.Tables;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// With <c>MessagesEndpoint:AllowedTenantIds</c> set, PmoBot takes activities only from those organisations: a
/// correctly signed activity from another tenant (someone who sideloaded a manifest naming this bot) is answered 403,
/// runs no turn, stores nothing and is logged once as a warning. Each refusal has its twin: the same activity from a
/// listed tenant is answered.
/// </summary>
public sealed class TenantAllowListTests(TenantAllowListTests.Bot fixture) : IClassFixture<TenantAllowListTests.Bot>
{
    private const string OtherTenant = "0b5c7f7e-3c1d-4a8e-9d6b-2f4e8a1c9d30";

    /// <summary>Listed besides the test activities' own, in another case: ids are compared as GUIDs.</summary>
    private const string SecondTenant = "9E2D4C1A-7B3F-4E5D-8A6C-1F0B2D3E4A5B";

    private ProductionBot Production => fixture.Production;

    [Fact]
    public async Task A_message_from_another_tenant_is_403_with_no_reply_no_profile_no_address_and_one_warning_and_the_same_from_a_listed_tenant_is_answered()
    {
        var foreign = TeamsActivities.PersonalMessage(TestPerson.New("Mallory"), "whoami", Production.Connector.ServiceUrl);
        var otherTenant = Guid.NewGuid().ToString();
        OfTenant(foreign, otherTenant);

        var refused = await Production.PostAsync(foreign, Production.ChannelToken(foreign));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(TenantAllowList.PublicDetail, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Production.AssertNothingSentAsync(foreign.Conversation.Id);
        var userKey = foreign.From.AadObjectId;
        Assert.Null(await new UserStore(Storage()).GetAsync(userKey, CancellationToken.None));
        Assert.Null(await new ConversationReferenceStore(Storage()).GetPersonalAsync(userKey, CancellationToken.None));
        var logged = Assert.Single(Production.Logs.GetSnapshot(), r => r.Message.Contains(otherTenant, StringComparison.Ordinal));
        Assert.Equal((LogLevel.Warning, null), (logged.Level, logged.Exception));
        Assert.Contains("MessagesEndpoint:AllowedTenantIds", logged.Message, StringComparison.Ordinal);

        // The twin: the same person's message, signed the same way, from each listed tenant.
        foreach (var listed in new[] { TeamsActivities.TenantId, SecondTenant.ToLowerInvariant() })
        {
            var taken = TeamsActivities.PersonalMessage(TestPerson.New("Megan"), "whoami", Production.Connector.ServiceUrl);
            OfTenant(taken, listed);

            var answered = await Production.PostAsync(taken, Production.ChannelToken(taken));

            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.NotEmpty(await Production.Connector.WaitForAsync(taken.Conversation.Id, 1));
        }
    }

    [Fact]
    public async Task A_card_action_from_another_tenant_is_403_and_the_same_press_from_the_listed_tenant_runs()
    {
        var person = TestPerson.New("Mallory");
        var foreign = TeamsActivities.CardExecute(person, "no-such-verb", new JObject(), Production.Connector.ServiceUrl);
        OfTenant(foreign, OtherTenant);
        var taken = TeamsActivities.CardExecute(person, "no-such-verb", new JObject(), Production.Connector.ServiceUrl);

        var refused = await Production.PostAsync(foreign, Production.ChannelToken(foreign));
        var answered = await Production.PostAsync(taken, Production.ChannelToken(taken));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // The listed tenant's press reaches the bot, which answers the unknown verb itself.
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("This button (no-such-verb) is not one PmoBot knows", await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tenant_is_read_from_the_channel_data_when_the_conversation_lacks_it_and_an_activity_naming_none_is_403()
    {
        var inChannelData = TeamsActivities.PersonalMessage(TestPerson.New(), "help", Production.Connector.ServiceUrl);
        inChannelData.Conversation.TenantId = null;
        var foreignInChannelData = TeamsActivities.PersonalMessage(TestPerson.New(), "help", Production.Connector.ServiceUrl);
        foreignInChannelData.Conversation.TenantId = null;
        foreignInChannelData.ChannelData = JObject.FromObject(new TeamsChannelData { Tenant = new TenantInfo(OtherTenant) });
        var none = TeamsActivities.PersonalMessage(TestPerson.New(), "help", Production.Connector.ServiceUrl);
        none.Conversation.TenantId = null;
        none.ChannelData = null;

        Assert.Equal(HttpStatusCode.OK, (await Production.PostAsync(inChannelData, Production.ChannelToken(inChannelData))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Production.PostAsync(foreignInChannelData, Production.ChannelToken(foreignInChannelData))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Production.PostAsync(none, Production.ChannelToken(none))).StatusCode);
        Assert.NotEmpty(await Production.Connector.WaitForAsync(inChannelData.Conversation.Id, 1));
        await Production.AssertNothingSentAsync(none.Conversation.Id);
    }

    [Theory]
    [InlineData("\"x\"")]
    [InlineData("[1]")]
    public async Task Channel_data_that_is_not_an_object_with_no_tenant_on_the_conversation_is_400_naming_it_and_the_same_with_channel_data_is_answered(string channelData)
    {
        var broken = TeamsActivities.PersonalMessage(TestPerson.New(), "help", Production.Connector.ServiceUrl);
        broken.Conversation.TenantId = null;
        var json = JObject.Parse(TeamsActivities.ToJson(broken));
        json["channelData"] = JToken.Parse(channelData);
        var twin = TeamsActivities.PersonalMessage(TestPerson.New(), "help", Production.Connector.ServiceUrl);
        twin.Conversation.TenantId = null;

        var refused = await Production.PostJsonAsync(json.ToString(), Production.ChannelToken(broken));
        var answered = await Production.PostAsync(twin, Production.ChannelToken(twin));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("channelData is not a JSON object", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Production.AssertNothingSentAsync(broken.Conversation.Id);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.NotEmpty(await Production.Connector.WaitForAsync(twin.Conversation.Id, 1));
        Assert.Empty(Production.Errors);
    }

    [Fact]
    public void Start_up_names_the_tenants_taken()
    {
        Assert.Contains(Production.Logs.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.Contains($"PmoBot takes activities from {TeamsActivities.TenantId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_list_another_tenants_message_is_answered_and_outside_development_start_up_warns_once()
    {
        await using var open = await ProductionBot.StartAsync();
        var foreign = open.NewMessage();
        OfTenant(foreign, OtherTenant);

        var answered = await open.PostAsync(foreign, open.ChannelToken(foreign));

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.NotEmpty(await open.Connector.WaitForAsync(foreign.Conversation.Id, 1));
        var warning = Assert.Single(open.Logs.GetSnapshot(), r => r.Message.Contains("any Microsoft 365 tenant", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData("not-a-guid")]
    public void A_list_entry_that_is_not_a_tenant_id_stops_the_start_naming_the_key_and_a_guid_is_taken(string entry)
    {
        using var bad = Provider(entry);
        using var good = Provider(TeamsActivities.TenantId);

        var error = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<MessagesEndpointOptions>>().Value);

        Assert.Contains($"MessagesEndpoint:AllowedTenantIds holds '{entry}', which is not a tenant id", error.Message, StringComparison.Ordinal);
        Assert.False(good.GetRequiredService<TenantAllowList>().TakesAnyTenant);
    }

    private static ServiceProvider Provider(string tenant)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MessagesEndpoint:AllowedTenantIds:0"] = tenant }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" });
        services.AddSingleton<IConfiguration>(configuration);
        services.AddTeamsBot(configuration);
        return services.BuildServiceProvider();
    }

    private static void OfTenant(Activity activity, string tenant)
    {
        activity.Conversation.TenantId = tenant;
        activity.ChannelData = JObject.FromObject(new TeamsChannelData { Tenant = new TenantInfo(tenant) });
    }

    private static TableServiceClient Storage() => new(AzuriteStorage.ConnectionString);


    public sealed class Bot : IAsyncLifetime
    {
        public ProductionBot Production { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Production = await ProductionBot.StartAsync(new Dictionary<string, string?>
            {
                ["MessagesEndpoint:AllowedTenantIds:0"] = TeamsActivities.TenantId,
                ["MessagesEndpoint:AllowedTenantIds:1"] = SecondTenant,
                ["Logging:LogLevel:PmoBot.Teams.TenantAllowList"] = "Information",
            });

        public async Task DisposeAsync() => await Production.DisposeAsync();
    }
}
