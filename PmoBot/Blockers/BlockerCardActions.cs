using System.Globalization;
using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.People;

namespace PmoBot.Blockers;

/// <summary>
/// What the blocker buttons share: the blocker named by the card (<see cref="BlockerCards.ProjectField"/>,
/// <see cref="BlockerCards.BlockerField"/>), refused unless the presser owns it, runs the project or is in the PMO, and
/// explained when it is unknown or already closed. The answer is the blocker's card as it now stands.
/// </summary>
public abstract class BlockerCardAction(BlockerRegister register, TimeProvider time) : ICardActionHandler
{
    public const string UnknownMessage = "This issue or decision is not one PmoBot has (perhaps from an older card). Nothing was changed; type **blockers** for the open ones.";

    public const string NotYoursMessage = "Only the item's owner, the project's PM or deputy, and the PMO can change it. Nothing was changed.";

    public abstract string Verb { get; }

    /// <summary>Anyone may press; who may change the item is checked against the item itself.</summary>
    public IReadOnlySet<Role> AllowedRoles { get; } = new HashSet<Role>();

    protected BlockerRegister Register => register;

    protected DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The date on <paramref name="reader"/>'s calendar, on which their card says whether the item is past due.</summary>
    protected DateOnly TodayOf(PmoUser reader) => UserTimeZones.DateAt(Now, reader.TimeZone);

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var blocker = request.Field(BlockerCards.ProjectField) is { } code && request.Field(BlockerCards.BlockerField) is { } id
            ? await register.GetAsync(code, id, cancellationToken)
            : null;
        if (blocker is null)
        {
            return Reply.Message(UnknownMessage);
        }

        if (!await register.MayChangeAsync(request.Caller, blocker, cancellationToken))
        {
            return Reply.Message(NotYoursMessage);
        }

        if (!blocker.IsOpen)
        {
            return Reply.WithCard(BlockerCards.ForOwner(blocker, Now, TodayOf(request.Caller), $"Already closed by {blocker.ClosedByName}: nothing changed."));
        }

        return await ChangeAsync(blocker, request, cancellationToken);
    }

    protected abstract Task<Reply> ChangeAsync(Blocker blocker, CardActionRequest request, CancellationToken cancellationToken);

    protected Reply Answer(Blocker? changed, Blocker before, PmoUser reader, string note) =>
        Reply.WithCard(BlockerCards.ForOwner(changed ?? before, Now, TodayOf(reader), changed is null ? "Nothing changed: it was already like this." : note));
}

public sealed class BlockerResolveCardAction(BlockerRegister register, TimeProvider time) : BlockerCardAction(register, time)
{
    public override string Verb => BlockerCards.ResolveVerb;

    protected override async Task<Reply> ChangeAsync(Blocker blocker, CardActionRequest request, CancellationToken cancellationToken) =>
        Answer(await Register.ResolveAsync(blocker, request.Caller, cancellationToken), blocker, request.Caller, $"Closed by {request.Caller.Name}.");
}

public sealed class BlockerKeepOpenCardAction(BlockerRegister register, TimeProvider time) : BlockerCardAction(register, time)
{
    public override string Verb => BlockerCards.KeepOpenVerb;

    protected override async Task<Reply> ChangeAsync(Blocker blocker, CardActionRequest request, CancellationToken cancellationToken)
    {
        var typed = request.Field(BlockerCards.InputField) is { } input ? request.Field(input) : null;
        // The presser's today, as the card they pressed shows "past due" on their calendar.
        var today = TodayOf(request.Caller);
        if (typed is null || !DateOnly.TryParseExact(typed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due) || due < today)
        {
            return Reply.WithCard(BlockerCards.ForOwner(blocker, Now, today, $"\"{CommandText.Echoed(typed ?? "no date")}\" is not a date from today on: choose the date it should be settled by. Nothing was changed."));
        }

        // An item due years away would drop out of every reminder and digest while it still blocks: a year is the most.
        if (due > today.AddYears(1))
        {
            return Reply.WithCard(BlockerCards.ForOwner(blocker, Now, today, $"{due.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} is more than a year away: choose a date within the year, and keep it open again then if need be. Nothing was changed."));
        }

        return Answer(await Register.KeepOpenAsync(blocker, due, cancellationToken), blocker, request.Caller, $"Still open, now due {due.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}.");
    }
}

public sealed class BlockerEscalateCardAction(BlockerRegister register, PmoNotifier pmo, TimeProvider time) : BlockerCardAction(register, time)
{
    public override string Verb => BlockerCards.EscalateVerb;

    protected override async Task<Reply> ChangeAsync(Blocker blocker, CardActionRequest request, CancellationToken cancellationToken)
    {
        var changed = await Register.EscalateAsync(blocker, cancellationToken);
        if (changed is not null)
        {
            await pmo.NotifyAsync(
                $"blocker-escalated|{blocker.ProjectCode}|{blocker.Id}",
                $"Escalated by {request.Caller.Name}: {blocker.ProjectCode} {blocker.KindText}",
                // For every PMO member, wherever they are: no one reader's calendar, so past due is read on UTC's.
                BlockerCards.ForOwner(changed, Now, UserTimeZones.DateAt(Now, null), $"Escalated to the PMO by {request.Caller.Name}."),
                cancellationToken);
        }

        return Answer(changed, blocker, request.Caller, "Escalated: the PMO has been told.");
    }
}

public sealed class BlockerHelpCardAction(BlockerRegister register, PeopleDirectory people, Outbox outbox, TimeProvider time) : BlockerCardAction(register, time)
{
    public override string Verb => BlockerCards.HelpVerb;

    protected override async Task<Reply> ChangeAsync(Blocker blocker, CardActionRequest request, CancellationToken cancellationToken)
    {
        var changed = await Register.AskForHelpAsync(blocker, cancellationToken);
        var manager = await Register.ManagerOfAsync(blocker, cancellationToken);
        if (changed is not null && manager is not null && !string.Equals(manager, request.Caller.UserKey, StringComparison.OrdinalIgnoreCase))
        {
            // The card is the PM's: past due on their calendar, one profile read (UTC's for a PM who never used PmoBot).
            var managerZone = (await people.GetAsync(manager, cancellationToken))?.TimeZone;
            await outbox.EnqueueAsync(
                new DeliveryRequest(
                    $"blocker-help|{blocker.ProjectCode}|{blocker.Id}",
                    DeliveryTarget.PersonalChat(manager),
                    $"{request.Caller.Name} needs help with {blocker.ProjectCode}: {blocker.Text}",
                    BlockerCards.ForOwner(changed, Now, UserTimeZones.DateAt(Now, managerZone), $"{request.Caller.Name} asked for help with this.")),
                cancellationToken);
        }

        return Answer(changed, blocker, request.Caller, "Your PM has been asked to help.");
    }
}

public sealed class BlockerReassignCardAction(BlockerRegister register, PeopleDirectory people, Outbox outbox, TimeProvider time) : BlockerCardAction(register, time)
{
    public override string Verb => BlockerCards.ReassignVerb;

    protected override async Task<Reply> ChangeAsync(Blocker blocker, CardActionRequest request, CancellationToken cancellationToken)
    {
        var typed = request.Field(BlockerCards.InputField) is { } input ? request.Field(input) : null;
        if (typed is null)
        {
            return Reply.WithCard(BlockerCards.ForOwner(blocker, Now, TodayOf(request.Caller), "Type the new owner's name or e-mail under Reassign. Nothing was changed."));
        }

        switch (await people.FindAsync(typed, [], cancellationToken))
        {
            case PersonSearch.Found { User: var owner }:
                var changed = await Register.ReassignAsync(blocker, owner, cancellationToken);
                if (changed is not null && !string.Equals(owner.UserKey, await Register.ManagerOfAsync(blocker, cancellationToken), StringComparison.OrdinalIgnoreCase))
                {
                    await BlockerOwners.SendCardAsync(outbox, changed, Now, TodayOf(owner), $"{request.Caller.Name} made you the owner of this.", cancellationToken);
                }

                return Answer(changed, blocker, request.Caller, $"Now owned by {owner.Name}.");
            case PersonSearch.Ambiguous ambiguous:
                return Reply.WithCard(BlockerCards.ForOwner(blocker, Now, TodayOf(request.Caller), $"{ambiguous.Sentence} Nothing was changed."));
            default:
                return Reply.WithCard(BlockerCards.ForOwner(blocker, Now, TodayOf(request.Caller), $"{new PersonSearch.NotFound(typed).Sentence} Nothing was changed."));
        }
    }
}

/// <summary>The owner's personal card, once per owner and item.</summary>
public static class BlockerOwners
{
    /// <param name="ownerToday">The owner's date: whether the item is past due is read on their calendar.</param>
    public static Task<DeliveryRecord> SendCardAsync(Outbox outbox, Blocker blocker, DateTimeOffset now, DateOnly ownerToday, string note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(blocker);
        return outbox.EnqueueAsync(
            new DeliveryRequest(
                $"blocker-owner|{blocker.ProjectCode}|{blocker.Id}|{blocker.OwnerKey}",
                DeliveryTarget.PersonalChat(blocker.OwnerKey),
                $"You own a {blocker.KindText} on {blocker.ProjectCode}: {blocker.Text}",
                BlockerCards.ForOwner(blocker, now, ownerToday, note)),
            cancellationToken);
    }
}
