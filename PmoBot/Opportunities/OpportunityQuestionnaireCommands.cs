using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>
/// The delivery-risk questionnaire as PMO data: <c>opportunity questionnaire</c> shows the current version (deal-killers,
/// weighted dimensions, bands), and a JSON file whose name starts with "opportunity" sent by the PMO is published as the
/// next version by the weekly review's publisher, with the scorecard's own rules on top.
/// </summary>
public sealed class OpportunityQuestionnaireCommands(OpportunityTemplates questionnaire, IOptions<OpportunitiesOptions> options) : ICommandModule
{
    public const string Command = "opportunity questionnaire";

    public IEnumerable<CommandDefinition> Commands =>
    [
        new(Command, Command, "The delivery-risk review's current questionnaire: deal-killers, weighted dimensions and bands (the PMO sends a JSON file to publish a new version)", ProjectAccess.AnyRole, ShowAsync),
    ];

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Reply.WithCard(Card(await questionnaire.Templates.GetCurrentAsync(cancellationToken), options.Value.Thresholds, request.Caller));

    public static JsonObject Card(ReviewTemplate template, BandThresholds bands, PmoUser viewer, string? notice = null)
    {
        string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
        var weights = OpportunityQuestionnaire.Dimensions(template).Sum(q => q.Weight!.Value);
        return AdaptiveCard.Create(
            [
                AdaptiveCard.Heading($"Delivery-risk questionnaire · version {template.Version}"),
                notice is null ? null : AdaptiveCard.Text(notice, color: "Good"),
                AdaptiveCard.Text($"{(template.IsBuiltIn ? "PmoBot's built-in questionnaire: the PMO has not published its own yet" : $"Published by {template.PublishedBy}, {ProjectCards.When(template.PublishedAt, viewer)}")}. Go from {Number(bands.GoFrom)}, go with conditions from {Number(bands.ConditionalFrom)}, no-go below (out of 100; set in configuration).", subtle: true),
                AdaptiveCard.Subheading("Deal-killers: any yes is a no-go unless a leader overrides"),
                AdaptiveCard.Text(string.Join("\n", OpportunityQuestionnaire.DealKillers(template).Select(q => "- " + q.Text.Replace("Deal-killer: ", string.Empty, StringComparison.Ordinal)))),
                AdaptiveCard.Subheading("Dimensions, 1 to 5, with their share of the score"),
                AdaptiveCard.Facts(OpportunityQuestionnaire.Dimensions(template).Select(q => (q.Text.Split(':')[0], $"weight {Number(q.Weight!.Value)} ({Number(Math.Round(q.Weight.Value / weights * 100, 1))}%)"))),
                AdaptiveCard.Subheading("Then"),
                AdaptiveCard.Facts(template.Questions.Where(q => !OpportunityQuestionnaire.IsDealKiller(q) && !OpportunityQuestionnaire.IsDimension(q)).Select(q => (q.Text.Split(':')[0], ReviewTemplateCards.Details(q)))),
                OpportunityAccess.IsPmo(viewer)
                    ? AdaptiveCard.Text("To publish a new version, send a JSON file named opportunity-questionnaire.json in this chat: the weekly review's template format, where a number question from 1 to 5 with a \"weight\" is a scored dimension and a yes/no choice whose id starts with killer- is a deal-killer. Reviews keep the version they answered.", subtle: true)
                    : null,
            ]);
    }
}

/// <summary>A JSON file named opportunity….json sent by the PMO: the next version of the delivery-risk questionnaire.</summary>
public sealed class OpportunityQuestionnaireUpload(UploadedFileDownloader downloader, OpportunityTemplates questionnaire, IOptions<OpportunitiesOptions> options) : IFileUploadHandler
{
    private readonly ReviewTemplatePublisher publisher = new(questionnaire.Templates, OpportunityQuestionnaire.Problems);

    public IReadOnlySet<string> FileTypes { get; } = new HashSet<string> { "json" };

    public string Purpose => "the opportunity review's questionnaire as JSON";

    public string? NamePrefix => "opportunit";

    public async Task<Reply> HandleAsync(FileUploadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var file = request.File;
        if (!OpportunityAccess.IsPmo(request.Caller))
        {
            return Reply.Message($"Thanks for {file.Name}, but only PMO members and admins change the opportunity questionnaire, so I did nothing with it.");
        }

        var (json, problem) = await ReviewTemplateUpload.ReadAsync(downloader, file, cancellationToken);
        if (json is null)
        {
            return Reply.Message(problem!);
        }

        var bands = options.Value.Thresholds;
        return await publisher.PublishAsync(json, request.Caller.Name, basedOnVersion: null, cancellationToken) switch
        {
            TemplatePublishResult.Published published => Reply.WithCard(
                OpportunityQuestionnaireCommands.Card(published.Template, bands, request.Caller, $"Published {file.Name} as version {published.Template.Version}: reviews from now on answer it."),
                $"{file.Name}: published as opportunity questionnaire version {published.Template.Version}."),
            TemplatePublishResult.Unchanged unchanged => Reply.WithCard(
                OpportunityQuestionnaireCommands.Card(unchanged.Current, bands, request.Caller, $"{file.Name} has the same questions as version {unchanged.Current.Version}, so nothing was published."),
                $"{file.Name}: the same as version {unchanged.Current.Version}; nothing was published."),
            TemplatePublishResult.Invalid invalid => Reply.WithCard(
                AdaptiveCard.Create(
                    [
                        AdaptiveCard.Heading($"{file.Name} was not published"),
                        AdaptiveCard.Text("Please fix:\n\n" + string.Join("\n", invalid.Errors.Take(30).Select(e => "- " + e)), color: "Attention"),
                        AdaptiveCard.Text("The current questionnaire is unchanged.", subtle: true),
                    ],
                    [AdaptiveCard.SendMessage("Show the current questionnaire", OpportunityQuestionnaireCommands.Command)]),
                $"{file.Name}: nothing was published, {invalid.Errors.Count} {(invalid.Errors.Count == 1 ? "error" : "errors")} to fix."),
            _ => throw new InvalidOperationException("A file is published after whatever version is current, so it is never superseded."),
        };
    }
}
