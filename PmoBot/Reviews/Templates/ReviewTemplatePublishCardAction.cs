using System.Globalization;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Reviews.Templates;

/// <summary>
/// The Publish button of the edit form: publishes the JSON as the version after the one edited, or brings the form
/// back with what was typed and every error, or with a notice when someone published a newer version meanwhile.
/// </summary>
public sealed class ReviewTemplatePublishCardAction(ReviewTemplatePublisher publisher, ReviewTemplateStore store) : ICardActionHandler
{
    public string Verb => ReviewTemplateCards.PublishVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var json = request.Field(ReviewTemplateCards.JsonField);
        var basedOn = int.TryParse(request.Field(ReviewTemplateCards.BasedOnField), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : (int?)null;
        var edited = (basedOn is { } v ? await store.GetAsync(v, cancellationToken) : null) ?? await store.GetCurrentAsync(cancellationToken);
        if (json is null)
        {
            return Reply.WithCard(
                ReviewTemplateCards.EditForm(edited, ReviewTemplateJson.Serialize(edited.Questions), caller, notice: $"The template you sent was empty, so nothing was published. Here is version {edited.Version} again to edit."),
                "Nothing was published: the template was empty.");
        }

        return await publisher.PublishAsync(json, caller.Name, basedOn, cancellationToken) switch
        {
            TemplatePublishResult.Published published => Reply.WithCard(
                ReviewTemplateCards.Template(published.Template, caller, $"Published version {published.Template.Version}: it is now the current review template."),
                $"Published review template version {published.Template.Version}."),
            TemplatePublishResult.Unchanged unchanged => Reply.WithCard(
                ReviewTemplateCards.Template(unchanged.Current, caller, $"Nothing changed, so nothing was published: version {unchanged.Current.Version} is still current."),
                $"The template is the same as version {unchanged.Current.Version}; nothing was published."),
            TemplatePublishResult.Invalid invalid => Reply.WithCard(
                ReviewTemplateCards.EditForm(edited, json, caller, invalid.Errors),
                "Nothing was published: " + invalid.Errors[0]),
            TemplatePublishResult.Superseded superseded => Reply.WithCard(
                ReviewTemplateCards.EditForm(superseded.Latest, json, caller, notice: Superseded(superseded.Latest, edited, caller)),
                $"{superseded.Latest.PublishedBy} published version {superseded.Latest.Version} meanwhile; nothing was published."),
            _ => throw new InvalidOperationException("Unknown publish result."),
        };
    }

    private static string Superseded(ReviewTemplate latest, ReviewTemplate edited, PmoUser viewer) =>
        $"{latest.PublishedBy} published version {latest.Version} on {ReviewTemplateCards.When(latest.PublishedAt, viewer)} while you were editing version {edited.Version}, "
        + $"so nothing was published and nothing was overwritten. Your text is kept below: compare it with version {latest.Version} (type **{ReviewTemplateCommands.ShowCommand} {latest.Version}**) "
        + $"and press Publish again to publish it as version {latest.Version + 1}.";
}
