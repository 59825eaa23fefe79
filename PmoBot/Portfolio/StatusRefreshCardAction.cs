using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Portfolio;

/// <summary>
/// The status card's Universal Actions refresh: rebuilt for whoever opens it, after checking again that they may see
/// the project; someone who may not gets a card saying so, with nothing about the project.
/// </summary>
public sealed class StatusRefreshCardAction(PortfolioScope scope, PortfolioReader reader, ProjectStatusLookup lookup) : ICardActionHandler
{
    public string Verb => StatusCard.RefreshVerb;

    /// <summary>Anyone may open the card; the handler decides what they see, so a refusal is still a card.</summary>
    public IReadOnlySet<Role> AllowedRoles { get; } = new HashSet<Role>();

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var code = request.Field(StatusCard.CodeField) ?? string.Empty;
        var entry = request.Caller.Roles.Count == 0 ? null : await reader.GetAsync(scope.For(request.Caller), code, cancellationToken);
        return Reply.WithCard(entry is null ? StatusCard.NotVisible(code) : await lookup.CardAsync(entry, request.Caller, cancellationToken));
    }
}
