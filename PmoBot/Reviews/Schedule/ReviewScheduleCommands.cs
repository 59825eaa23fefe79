using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Reviews.Schedule;

/// <summary><c>review schedule</c>: when a PM's weekly reviews open, in their time zone; and the PMO's default.</summary>
public sealed class ReviewScheduleCommands(ReviewScheduler scheduler, IOptions<ReviewsOptions> options) : ICommandModule
{
    public const string ScheduleCommand = "review schedule";
    public const string DefaultCommand = "review schedule default";
    public const string ResetWord = "reset";

    /// <summary>Who has a review schedule worth seeing: PMs, and the PMO and admins who look after them.</summary>
    public static readonly IReadOnlySet<Role> AllowedRoles = new HashSet<Role> { Role.ProjectManager, Role.Pmo, Role.Admin };

    public IEnumerable<CommandDefinition> Commands =>
    [
        new(ScheduleCommand, "review schedule [‹day› ‹hour› | reset]", "When your weekly reviews open, in your time zone; change it, e.g. review schedule friday 14", AllowedRoles, ScheduleAsync),
        new(DefaultCommand, "review schedule default [‹day› ‹hour›]", "The PMO's default review time; the PMO changes it, e.g. review schedule default monday 9", AllowedRoles, DefaultAsync),
    ];

    private async Task<Reply> ScheduleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var userKey = request.Caller.UserKey;
        var arguments = request.Arguments.Trim();
        if (arguments.Length == 0)
        {
            return Reply.WithCard(ReviewScheduleCards.Schedule(await scheduler.GetAsync(userKey, cancellationToken)));
        }

        if (string.Equals(arguments, ResetWord, StringComparison.OrdinalIgnoreCase))
        {
            await scheduler.SetSlotAsync(userKey, null, cancellationToken);
            var reset = await scheduler.GetAsync(userKey, cancellationToken);
            var text = $"Your reviews follow the PMO's default again: {reset.Slot}, your time.";
            return Reply.WithCard(ReviewScheduleCards.Schedule(reset, text), text);
        }

        if (!WeeklySlot.TryRead(arguments, out var slot, out var problem))
        {
            return Reply.Message(
                $"{problem} Type **review schedule ‹day› ‹hour›**, e.g. **review schedule friday 14** or **review schedule fri 2pm** "
                + "(the hour in your time zone, 0 to 23 or with am/pm), or **review schedule reset** for the PMO's default.");
        }

        await scheduler.SetSlotAsync(userKey, slot, cancellationToken);
        var view = await scheduler.GetAsync(userKey, cancellationToken);
        var done = $"Done: your reviews now open on {slot}, your time. The next one opens {ReviewScheduleCards.When(view.NextOpeningLocal)}.";
        return Reply.WithCard(ReviewScheduleCards.Schedule(view, done), done);
    }

    private async Task<Reply> DefaultAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var canChange = caller.HasAny(Roles.PmoOrAdmin);
        var arguments = request.Arguments.Trim();
        if (arguments.Length == 0)
        {
            return Reply.WithCard(await DefaultCardAsync(caller, canChange, null, cancellationToken));
        }

        if (!canChange)
        {
            return Reply.Message(
                $"Only {Roles.DescribeAny(Roles.PmoOrAdmin)} can change the PMO's default review time, and {Roles.YourRoles(caller.Roles)}. "
                + "To choose your own time, type **review schedule ‹day› ‹hour›**, e.g. **review schedule friday 14**.");
        }

        if (!WeeklySlot.TryRead(arguments, out var slot, out var problem))
        {
            return Reply.Message(
                $"{problem} Type **review schedule default ‹day› ‹hour›**, e.g. **review schedule default monday 9** or **review schedule default mon 9am** "
                + "(the hour is read in each project manager's own time zone).");
        }

        var moved = await scheduler.SetDefaultSlotAsync(slot, cancellationToken);
        var done = $"Done: the default review time is now {slot}, in each project manager's own time zone. "
            + (moved == 1 ? "1 project manager who follows the default was moved." : $"{moved} project managers who follow the default were moved.");
        return Reply.WithCard(await DefaultCardAsync(caller, canChange, done, cancellationToken), done);
    }

    private async Task<JsonObject> DefaultCardAsync(PmoUser caller, bool canChange, string? notice, CancellationToken cancellationToken) =>
        ReviewScheduleCards.Default(
            await scheduler.GetDefaultSlotAsync(cancellationToken),
            await scheduler.GetAsync(caller.UserKey, cancellationToken),
            options.Value,
            canChange,
            notice);
}
