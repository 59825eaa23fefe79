using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;
using PmoBot.Cards;
using PmoBot.Opportunities;
using PmoBot.People;

namespace PmoBot.Teams;

/// <summary>"Find opportunity": the messaging extension's search over the pipeline, inserting an opportunity's card.</summary>
public sealed class OpportunitySearchExtension(OpportunitySearch search)
{
    public const string NoRoleMessage =
        "Finding opportunities is for people with a PmoBot role (the PMO, leaders, project managers, admins), and you have none yet. Ask the PMO to grant you one.";

    public async Task<MessagingExtensionResponse> QueryAsync(PmoUser caller, MessagingExtensionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(query);
        if (caller.Roles.Count == 0)
        {
            return Message(NoRoleMessage);
        }

        var text = ProjectSearchExtension.QueryText(query);
        var skip = Math.Clamp(query.QueryOptions?.Skip ?? 0, 0, ProjectSearchExtension.MaxResults);
        var count = Math.Clamp(query.QueryOptions?.Count ?? ProjectSearchExtension.PageSize, 1, ProjectSearchExtension.PageSize);
        var page = (await search.SearchAsync(caller, text, Math.Min(skip + count, ProjectSearchExtension.MaxResults), cancellationToken)).Skip(skip).ToList();
        if (page.Count == 0 && skip == 0)
        {
            return Message($"No opportunity you may see matches \"{text}\". Try a code (OPP-301), an account, part of a name or a business unit.");
        }

        var attachments = page.Select(f => new MessagingExtensionAttachment(
                AdaptiveCard.ContentType,
                content: JObject.Parse(f.Card.ToJsonString()),
                preview: new ThumbnailCard(title: $"{f.Opportunity.Code} · {f.Opportunity.Name}", subtitle: OpportunitySearch.Subtitle(f.Opportunity)).ToAttachment()))
            .ToList();
        return new MessagingExtensionResponse(new MessagingExtensionResult("list", "result", attachments));
    }

    private static MessagingExtensionResponse Message(string text) => new(new MessagingExtensionResult(type: "message", text: text));
}
