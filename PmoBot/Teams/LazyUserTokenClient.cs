using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace PmoBot.Teams;

/// <summary>
/// The user token client CloudAdapter puts in every turn, made only when something asks it for a token. Making the
/// SDK's own costs a REST client each time; PmoBot signs nobody in, so its turns never do.
/// </summary>
internal sealed class LazyUserTokenClient(Func<CancellationToken, Task<UserTokenClient>> create) : UserTokenClient
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private UserTokenClient? made;

    public override async Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
        await (await InnerAsync(cancellationToken)).GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

    public override async Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
        await (await InnerAsync(cancellationToken)).GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

    public override async Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
        await (await InnerAsync(cancellationToken)).SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

    public override async Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
        await (await InnerAsync(cancellationToken)).GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

    public override async Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
        await (await InnerAsync(cancellationToken)).GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

    public override async Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
        await (await InnerAsync(cancellationToken)).ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

    /// <summary>Whether the SDK's client was made: only once a token method is called.</summary>
    internal bool IsMade => made is not null;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            made?.Dispose();
            gate.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<UserTokenClient> InnerAsync(CancellationToken cancellationToken)
    {
        if (made is { } ready)
        {
            return ready;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            return made ??= await create(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }
}
