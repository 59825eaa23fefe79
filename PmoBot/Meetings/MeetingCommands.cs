using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.Graph;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Meetings;

/// <summary>
/// <c>meeting &lt;code&gt;</c>: a PMO member books a 30-minute review meeting with the project's PM, in both calendars.
/// When Graph is slower than <see cref="GraphAnswerBudget"/> allows (a throttled call waits for its Retry-After), the
/// answer says the meeting is being booked, and the outcome card follows in the same chat through the outbox.
/// </summary>
public sealed class MeetingCommands(ProjectRegister projects, IReviewMeetingBooker booker, GraphAnswerBudget budget, Outbox outbox, ReviewMeetingStore meetings, TimeProvider time) : ICommandModule
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

        // Typed twice, or after a warning card booked one: the meeting still to come is the answer, not a second one.
        if (await meetings.UpcomingAsync(code, time.GetUtcNow(), cancellationToken) is { } upcoming)
        {
            return Reply.WithCard(
                MeetingCards.AlreadyBooked(upcoming, code, project.Name, project.Manager.Name, request.Caller),
                $"A review meeting on {code} is already booked for {MeetingCards.Slot(upcoming.Start, upcoming.End, request.Caller)}; nothing new was booked.");
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
        var caller = request.Caller;
        var target = request.ConversationKey is { } key ? new DeliveryTarget(request.Conversation, key) : DeliveryTarget.PersonalChat(caller.UserKey);
        var booking = await budget.RunAsync(
            $"booking the review meeting of {code}",
            token => booker.BookOrExplainAsync(meeting, token),
            (late, token) => outbox.EnqueueAsync(
                new DeliveryRequest($"meeting|{code}|{meeting.TransactionId}", target, MeetingCards.Summary(late, code, caller), Card(late, code, project, caller)),
                token),
            cancellationToken);
        if (!booking.InTime)
        {
            var where = request.ConversationKey is not null || request.Conversation == Conversations.ConversationKind.Personal ? "here" : "in your personal chat";
            return Reply.Message(
                $"Booking the review meeting of {code} with {project.Manager.Name}: Microsoft Graph is slow to answer, so the meeting (or why none was booked) comes {where} when it answers. "
                + "There is no need to type the command again.");
        }

        return Reply.WithCard(Card(booking.Result!, code, project, caller), MeetingCards.Summary(booking.Result!, code, caller));
    }

    private static System.Text.Json.Nodes.JsonObject Card(MeetingBooking booking, string code, Project project, PmoUser caller) =>
        MeetingCards.Outcome(booking, code, project.Name, project.Manager.Name, caller, booking is MeetingBooking.NotConfigured ? null : $"meeting {code}");
}
