using System.Net;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// In Production with an app id, only activities carrying a token the Bot Framework signed for this bot get in.
/// The bot reads the signing keys over HTTPS from a local stand-in of the Bot Framework's identity services,
/// configured through every endpoint key the SDK reads, so a correctly signed token is really accepted (the
/// refusals below would prove nothing if every token were refused).
/// </summary>
public sealed class AuthenticationTests(AuthenticationTests.Bot fixture) : IClassFixture<AuthenticationTests.Bot>
{
    private ProductionBot Production => fixture.Production;

    [Fact]
    public async Task A_token_signed_by_the_channel_key_is_accepted_and_the_reply_goes_out_with_the_bots_own_token()
    {
        var activity = Production.NewMessage();

        var response = await Production.PostAsync(activity, Production.ChannelToken(activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = await Production.Connector.WaitForAsync(activity.Conversation.Id, 1);
        Assert.NotEmpty(sent);
        Assert.Contains(sent[0].Authorization?.Replace("Bearer ", string.Empty, StringComparison.Ordinal), Production.Identity.IssuedTokens);
    }

    [Fact]
    public async Task An_entra_token_for_this_bot_is_accepted_through_the_emulator_metadata()
    {
        var activity = Production.NewMessage();
        var token = Production.Identity.EntraKey.CreateEntraToken(BotFrameworkIdentityStandIn.EntraIssuer, Production.AppId);

        var response = await Production.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await Production.Connector.WaitForAsync(activity.Conversation.Id, 1));
    }

    public static TheoryData<string> Forgeries() =>
    [
        "signed by an unknown RSA key",
        "signed by an unknown key that claims the trusted key's id",
        "unsigned (alg none)",
        "HS256 keyed with the published public key",
        "an Entra token signed by an unknown key",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_token_for_this_bot_is_401_nothing_is_sent_and_nothing_is_logged_as_an_error(string forgery)
    {
        var activity = Production.NewMessage();
        var trusted = Production.Identity.ChannelKey;
        var token = forgery switch
        {
            "signed by an unknown RSA key" => new TestSigningKey("attacker-key").CreateToken(Production.AppId, activity.ServiceUrl),
            "signed by an unknown key that claims the trusted key's id" => new TestSigningKey(trusted.KeyId).CreateToken(Production.AppId, activity.ServiceUrl),
            "unsigned (alg none)" => trusted.CreateUnsignedToken(Production.AppId, activity.ServiceUrl),
            "HS256 keyed with the published public key" => trusted.CreateHmacTokenKeyedWithPublicKey(Production.AppId, activity.ServiceUrl),
            _ => new TestSigningKey(Production.Identity.EntraKey.KeyId).CreateEntraToken(BotFrameworkIdentityStandIn.EntraIssuer, Production.AppId),
        };

        var response = await Production.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Production.AssertNothingSentAsync(activity.Conversation.Id);
        Assert.Empty(Production.Errors);
    }

    [Fact]
    public async Task A_correctly_signed_token_for_another_bot_is_401()
    {
        var activity = Production.NewMessage();

        var response = await Production.PostAsync(activity, Production.Identity.ChannelKey.CreateToken(Guid.NewGuid().ToString(), activity.ServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Production.AssertNothingSentAsync(activity.Conversation.Id);
    }

    [Fact]
    public async Task A_correctly_signed_token_for_another_service_url_is_401()
    {
        var activity = Production.NewMessage();

        var response = await Production.PostAsync(activity, Production.Identity.ChannelKey.CreateToken(Production.AppId, "https://smba.trafficmanager.net/teams/"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Production.AssertNothingSentAsync(activity.Conversation.Id);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var activity = Production.NewMessage();

        var response = await Production.PostAsync(activity, Production.Identity.ChannelKey.CreateExpiredToken(Production.AppId, activity.ServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")]
    public async Task A_request_without_a_readable_token_is_401(string? bearer)
    {
        var activity = Production.NewMessage();

        var response = await Production.PostAsync(activity, bearer);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Production.AssertNothingSentAsync(activity.Conversation.Id);
        Assert.Empty(Production.Errors);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    public async Task A_body_without_a_token_is_401_before_it_is_read_and_with_a_signed_token_the_same_body_is_400(string body)
    {
        var unsigned = await Production.PostJsonAsync(body, null);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);

        // The twin: a correctly signed sender learns what is wrong with the body.
        var signed = await Production.PostJsonAsync(body, Production.ChannelToken(Production.NewMessage()));
        Assert.Equal(HttpStatusCode.BadRequest, signed.StatusCode);
        Assert.Empty(Production.Errors);
    }

    [Fact]
    public async Task When_the_signing_keys_cannot_be_read_a_valid_token_is_503_logged_once_without_a_stack_trace()
    {
        await using var unreachable = await ProductionBot.StartAsync();
        await unreachable.Identity.DisposeAsync();
        var activity = unreachable.NewMessage();

        var response = await unreachable.PostAsync(activity, unreachable.ChannelToken(activity));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = Assert.Single(unreachable.Errors);
        Assert.Null(error.Exception);
        Assert.Contains("signing keys could not be read", error.Message, StringComparison.Ordinal);
    }


    public sealed class Bot : IAsyncLifetime
    {
        public ProductionBot Production { get; private set; } = null!;

        // Every test here sends refused requests from one address: keep the failed-authentication limiter out of the way.
        public async Task InitializeAsync() =>
            Production = await ProductionBot.StartAsync(new Dictionary<string, string?> { ["MessagesEndpoint:FailedAuthenticationLimit"] = "100000" });

        public async Task DisposeAsync() => await Production.DisposeAsync();
    }
}
