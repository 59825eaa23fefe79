using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;
using PmoBot.Cards;
using PmoBot.People;
using PmoBot.Portfolio;

namespace PmoBot.Teams;

/// <summary>
/// "Find project": the search box of the messaging extension. Each result previews the project (code and name,
/// RAG, PM, business unit) and carries its live status card, which Teams inserts into the conversation.
/// </summary>
public sealed partial class ProjectSearchExtension(IProjectStatusLookup lookup, ILogger<ProjectSearchExtension> logger)
{
    /// <summary>Teams asks for 25 results a page; a larger count is capped so a page stays quick to build.</summary>
    public const int PageSize = 25;

    /// <summary>Paging stops here: past a few pages a person should type more of the name instead.</summary>
    public const int MaxResults = 200;

    public const int MaxQueryLength = 100;

    public const string NoRoleMessage =
        "Finding projects is for people with a PmoBot role (project managers, the PMO, leaders, admins), and you have none yet. Ask the PMO to grant you one.";

    public const string EmptyQueryMessage = "Type a project code, name, PM or business unit to find a project.";

    public async Task<MessagingExtensionResponse> QueryAsync(PmoUser caller, MessagingExtensionQuery query, CancellationToken cancellationToken)
    {
        if (caller.Roles.Count == 0)
        {
            LogNoRole(caller.UserKey);
            return Message(NoRoleMessage);
        }

        var text = QueryText(query);
        var skip = Math.Clamp(query.QueryOptions?.Skip ?? 0, 0, MaxResults);
        var count = Math.Clamp(query.QueryOptions?.Count ?? PageSize, 1, PageSize);
        var found = await lookup.SearchAsync(caller, text, Math.Min(skip + count, MaxResults), cancellationToken);
        var page = found.Skip(skip).Take(count).ToList();
        if (page.Count == 0 && skip == 0)
        {
            return Message(text.Length == 0
                ? EmptyQueryMessage
                : $"No project you may see matches \"{text}\". Try a code (PRJ-101), part of a name, a PM or a business unit.");
        }

        // An empty later page tells Teams the list has ended.
        var cards = await Task.WhenAll(page.Select(p => lookup.StatusCardAsync(caller, p.Code, cancellationToken)));
        var attachments = page.Zip(cards)
            .Where(pair => pair.Second is not null)
            .Select(pair => Result(pair.First, pair.Second!))
            .ToList();
        return new MessagingExtensionResponse(new MessagingExtensionResult("list", "result", attachments));
    }

    /// <summary>What the person typed; empty on the initial run, before they type anything.</summary>
    public static string QueryText(MessagingExtensionQuery query)
    {
        var parameter = query.Parameters?.FirstOrDefault(p => p.Name == MessagingExtensionCommands.FindProjectQueryParameter);
        var text = parameter?.Value switch
        {
            null => string.Empty,
            JValue value => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            var value => value.ToString() ?? string.Empty,
        };
        text = text.Trim();
        return text.Length > MaxQueryLength ? text[..MaxQueryLength] : text;
    }

    public static string Subtitle(ProjectSearchResult project) =>
        $"{(project.Overall is { } rag ? rag.ToString() : "No review yet")} · PM {project.ManagerName} · {project.BusinessUnit}";

    private static MessagingExtensionAttachment Result(ProjectSearchResult project, JsonObject statusCard) => new(
        AdaptiveCard.ContentType,
        content: JObject.Parse(statusCard.ToJsonString()),
        preview: new ThumbnailCard(title: $"{project.Code} · {project.Name}", subtitle: Subtitle(project)).ToAttachment());

    private static MessagingExtensionResponse Message(string text) =>
        new(new MessagingExtensionResult(type: "message", text: text));

    [LoggerMessage(Level = LogLevel.Information, Message = "Find project refused for {UserKey}: no role")]
    private partial void LogNoRole(string userKey);
}
