using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Delivery;

public sealed class DeliveryCommands(DeliveryStatusQuery statusQuery, DeliveryTargetNames names) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("delivery status", "delivery status", "Proactive messages of the last day: sent, retrying, failed and why", Roles.PmoOrAdmin, StatusAsync),
    ];

    private async Task<Reply> StatusAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var report = await statusQuery.GetAsync(cancellationToken);
        var groups = DeliveryCards.FailureGroups(report.Failures);
        var targetNames = await names.NameAsync(groups.Take(DeliveryCards.FailuresShown).Select(g => g.Target), cancellationToken);
        return Reply.WithCard(DeliveryCards.Status(report, UserTimeZones.Resolve(request.Caller.TimeZone), targetNames, groups));
    }
}
