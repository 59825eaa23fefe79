using PmoBot.Commands;
using PmoBot.Graph;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Digest;

/// <summary>
/// <c>digest on [business unit]</c> and <c>digest off</c>: the weekly digest in the caller's personal chat, scoped to
/// what they may see (leaders, the PMO, admins); <c>digest now</c>: the PMO's digest posted at once where PMO alerts go.
/// </summary>
/// <remarks>
/// <c>digest now</c> reads who is on leave from Microsoft Graph, which can be slow (a throttled call waits out its
/// Retry-After): past <see cref="GraphAnswerBudget"/>'s limit the person is answered at once and the digest is posted
/// when it is ready, rather than Teams sending the message again while the turn waits.
/// </remarks>
public sealed class DigestCommands(DigestStore store, WeeklyDigest digest, ProjectRegister register, IProjectVisibility visibility, GraphAnswerBudget budget, TimeProvider time) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("digest on", "digest on [business unit]", "Get the weekly digest of exceptions in your personal chat: all you may see, or one business unit", WeeklyDigest.SubscriberRoles, OnAsync),
        new("digest off", "digest off", "Stop getting the weekly digest in your personal chat", WeeklyDigest.SubscriberRoles, OffAsync),
        new("digest now", "digest now", "Post the digest of what changed or needs action since the last one, now, where PMO alerts go", Roles.PmoOrAdmin, NowAsync),
    ];

    private async Task<Reply> OnAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var view = visibility.ViewOf(request.Caller);
        var typed = request.Arguments.Trim();
        string? unit = null;
        if (typed.Length > 0)
        {
            var units = (await register.ListStoredAsync(cancellationToken)).Values
                .Select(p => p.Project)
                .Where(view.CanSee)
                .Select(p => p.BusinessUnit.Trim())
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.OrdinalIgnoreCase)
                .ToList();
            unit = units.FirstOrDefault(u => string.Equals(u, typed, StringComparison.OrdinalIgnoreCase));
            if (unit is null)
            {
                return Reply.Message(units.Count == 0
                    ? $"You see no project in business unit \"{CommandText.Echoed(typed)}\" (you see {view.Describe()}, and no project yet). Nothing was changed."
                    : $"You see no project in business unit \"{CommandText.Echoed(typed)}\". Business units you may see: {string.Join(", ", units)}. Nothing was changed; type e.g. **digest on {units[0]}**, or **digest on** for all you may see.");
            }
        }

        var scope = new DigestScope(view, unit);
        var previous = await store.GetSubscriptionAsync(request.Caller.UserKey, cancellationToken);
        // One subscription each: a new scope replaces the old one, and the answer says which it replaced.
        var replaced = previous is not null && !string.Equals(previous.BusinessUnit, unit, StringComparison.OrdinalIgnoreCase)
            ? $" instead of {new DigestScope(view, previous.BusinessUnit).Describe()}"
            : string.Empty;
        await store.SubscribeAsync(new DigestSubscription(request.Caller.UserKey, request.Caller.Name, unit, time.GetUtcNow()), cancellationToken);
        return Reply.Message($"You'll get the weekly digest of {scope.Describe()}{replaced} in your personal chat every {digest.WhenFor(request.Caller.TimeZone)}: only what changed or needs action since the week before. **digest off** stops it.");
    }

    private async Task<Reply> OffAsync(CommandRequest request, CancellationToken cancellationToken) =>
        await store.UnsubscribeAsync(request.Caller.UserKey, cancellationToken)
            ? Reply.Message("You won't get the weekly digest in your personal chat any more. **digest on** starts it again.")
            : Reply.Message("You were not getting the weekly digest, so nothing changed. **digest on** starts it.");

    private async Task<Reply> NowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var posted = await budget.RunAsync("posting the digest now", digest.SendNowAsync, (_, _) => Task.CompletedTask, cancellationToken);
        var weekly = $"The weekly one still goes out every {digest.WhenFor(request.Caller.TimeZone)}.";
        return posted is { InTime: true, Result: var (content, notice) }
            ? Reply.Message($"{DigestCards.Summary(content)}: posted to {notice.Where}. {weekly}")
            : Reply.Message($"The digest is on its way: PmoBot is still reading who is on leave from Microsoft Graph, which is slow just now. It will be posted where PMO alerts go as soon as it is ready; there is no need to type **digest now** again. {weekly}");
    }
}
