using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Meetings;

/// <summary><c>meeting &lt;code&gt;</c>: a PMO member books a 30-minute review meeting with the project's PM, in both calendars.</summary>
public sealed class MeetingCommands(ProjectRegister projects, IReviewMeetingBooker booker) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("meeting", "meeting ‹code›", "Book a 30-minute Teams review meeting with the project's PM at the first time you are both free", Roles.PmoOrAdmin, BookAsync),
    ];

    private async Task<Reply> BookAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var code = ProjectText.NormalizeCode(request.Arguments);
        if (code.Length == 0)
        {
            return Reply.Message($"Which project? Type **meeting ‹code›**, e.g. meeting {ProjectText.CodeExample}, or **projects** for the list.");
        }

        if (!ProjectText.IsCode(code))
        {
            return Reply.Message($"\"{request.Arguments.Trim()}\" is not a project code: letters and digits, a dash and a number, like {ProjectText.CodeExample}.");
        }

        if (await projects.GetAsync(code, cancellationToken) is not { } stored)
        {
            return Reply.Message($"There is no project {code}. Type **projects** to see the register.");
        }

        var project = stored.Project;
        if (string.Equals(project.Manager.UserKey, request.Caller.UserKey, StringComparison.OrdinalIgnoreCase))
        {
            return Reply.Message($"You are {code}'s project manager; a review meeting is between the PM and a PMO reviewer, so ask another PMO member to type **meeting {code}**.");
        }

        var meeting = new MeetingRequest(
            code,
            project.Name,
            request.Caller.UserKey,
            project.Manager.UserKey,
            $"PMO review: {code} {project.Name}",
            $"Review of {code} {project.Name} between {project.Manager.Name} (project manager) and {request.Caller.Name} (PMO), booked through PmoBot. "
            + "Please bring the latest status, the forecast and the open risks and issues.",
            MeetingTransaction.New());
        var booking = await booker.BookAsync(meeting, cancellationToken);
        return Reply.WithCard(
            MeetingCards.Outcome(booking, code, project.Name, project.Manager.Name, request.Caller, booking is MeetingBooking.NotConfigured ? null : $"meeting {code}"),
            MeetingCards.Summary(booking, code, request.Caller));
    }
}
