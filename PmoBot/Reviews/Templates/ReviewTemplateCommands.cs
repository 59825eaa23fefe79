using System.Globalization;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Reviews.Templates;

/// <summary><c>review template [version]</c> for everyone with a role, <c>review template edit</c> for the PMO.</summary>
public sealed class ReviewTemplateCommands(ReviewTemplateStore store) : ICommandModule
{
    public const string ShowCommand = "review template";
    public const string EditCommand = "review template edit";

    public IEnumerable<CommandDefinition> Commands =>
    [
        new(ShowCommand, "review template [version]", "The review questionnaire: each question, its type, and whether it is required", ProjectAccess.AnyRole, ShowAsync),
        new(EditCommand, EditCommand, "Change the review questionnaire and publish it as a new version (or send a .json file)", Roles.PmoOrAdmin, EditAsync),
    ];

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var argument = request.Arguments.Trim();
        if (argument.Length == 0)
        {
            return Reply.WithCard(ReviewTemplateCards.Template(await store.GetCurrentAsync(cancellationToken), request.Caller));
        }

        var digits = argument.StartsWith('v') || argument.StartsWith('V') ? argument[1..] : argument;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return Reply.Message($"\"{AnswerParser.Quote(argument)}\" is not a version number. Type **{ShowCommand}** for the current template, or a version after it, e.g. **{ShowCommand} 1**.");
        }

        if (await store.GetAsync(version, cancellationToken) is { } template)
        {
            return Reply.WithCard(ReviewTemplateCards.Template(template, request.Caller));
        }

        var current = await store.GetCurrentAsync(cancellationToken);
        return Reply.Message($"There is no version {version} of the review template; versions go from 1 to {current.Version}. Type **{ShowCommand}** for the current one.");
    }

    private async Task<Reply> EditAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Arguments.Trim().Length > 0)
        {
            return Reply.Message($"**{EditCommand}** takes nothing after it: type **{EditCommand}** for the form, or send the template as a .json file in this chat.");
        }

        var current = await store.GetCurrentAsync(cancellationToken);
        return Reply.WithCard(ReviewTemplateCards.EditForm(current, ReviewTemplateJson.Serialize(current.Questions), request.Caller));
    }
}
