using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.Development.Certifications;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Mentoring;

public sealed class MentoringCommands(MentoringStore store, MentorSuggestions suggestions, PeopleDirectory people, CertificationLedger ledger, MentoringEnding ending) : ICommandModule
{
    /// <summary>A check-in not answered this many days after it fell due counts as missed.</summary>
    public const int GraceDays = 7;

    public IEnumerable<CommandDefinition> Commands =>
    [
        new("mentor pair", "mentor pair", "Pair a mentor and a mentee with a goal and a knowledge area (a form)", Roles.PmoOrAdmin, (_, _) => Task.FromResult(Reply.WithCard(MentoringCards.Form(new Dictionary<string, string?>()), "Pair a mentor and a mentee"))),
        new("mentoring", "mentoring", "Active mentoring pairs and missed monthly check-ins", Roles.PmoOrAdmin, OverviewAsync),
        new("mentor end", "mentor end ‹mentee›", "End a mentee's mentoring pair: the monthly check-ins stop and both are told", Roles.PmoOrAdmin, EndAsync),
        new("mentor suggest", "mentor suggest [person] [knowledge area]", "Possible mentors: strong where the PM is weak (you, or anyone for the PMO)", ProjectAccess.AnyRole, SuggestAsync),
    ];

    public static IReadOnlyList<string> Missed(MentoringPair pair, IReadOnlyList<MentoringCheckIn> checkIns, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(checkIns);
        var missed = new List<string>();
        for (var month = 1; month <= pair.CheckInsDue(today); month++)
        {
            if (pair.CheckInDue(month).AddDays(GraceDays) > today)
            {
                continue;
            }

            var absent = Enum.GetValues<MentoringSide>().Where(side => !checkIns.Any(c => c.Month == month && c.Side == side)).Select(pair.NameOf).ToList();
            if (absent.Count > 0)
            {
                missed.Add($"month {month}: {string.Join(" and ", absent)}");
            }
        }

        return missed;
    }

    private async Task<Reply> OverviewAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var today = ledger.Today(request.Caller);
        var rows = new List<(MentoringPair, int, IReadOnlyList<string>, MentoringCheckIn?)>();
        foreach (var pair in (await store.ListAsync(cancellationToken)).Where(p => p.Active).OrderBy(p => p.StartedOn))
        {
            var checkIns = await store.ListCheckInsAsync(pair.Id, cancellationToken);
            rows.Add((pair, pair.CheckInsDue(today), Missed(pair, checkIns, today), checkIns.OrderByDescending(c => c.AnsweredAt).FirstOrDefault()));
        }

        return Reply.WithCard(MentoringCards.Overview(rows), $"{rows.Count} active mentoring pairs");
    }

    private async Task<Reply> EndAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var typed = request.Arguments.Trim();
        if (typed.Length == 0)
        {
            return Reply.Message("Say whose mentoring to end: **mentor end ‹mentee›** (or press **End this pair** on **mentoring**).");
        }

        var search = await people.FindAsync(typed, request.Mentions, cancellationToken);
        if (search is not PersonSearch.Found { User: var mentee })
        {
            return Reply.Message(search.Refusal!);
        }

        var active = await store.ActiveForMenteeAsync(mentee.UserKey, cancellationToken);
        if (active.Count == 1)
        {
            return await ending.EndAsync(active[0].Id, request.Caller, cancellationToken);
        }

        if (active.Count == 0)
        {
            return Reply.Message($"{mentee.Name} has no active mentoring pair as mentee; nothing was ended (**mentoring** lists the pairs).");
        }

        var note = $"{mentee.Name} has {active.Count} mentors: press **End this pair** on the one to end.";
        return Reply.WithCard(MentoringCards.Overview(active.Select(p => (p, p.CheckInsDue(ledger.Today(request.Caller)), (IReadOnlyList<string>)[], (MentoringCheckIn?)null)).ToList(), note), note);
    }

    private async Task<Reply> SuggestAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        string? area = null;
        if (words.Count > 0 && KnowledgeAreas.Parse(words[^1]) is { } last)
        {
            area = last;
            words.RemoveAt(words.Count - 1);
        }

        var mentee = request.Caller;
        if (words.Count > 0)
        {
            if (!request.Caller.HasAny(Roles.PmoOrAdmin))
            {
                // The words were no knowledge area: say so and list them, as "mentor suggest me cooking" is as likely as a person's name.
                var typed = string.Join(' ', words.Count > 1 && words[0].Equals("me", StringComparison.OrdinalIgnoreCase) ? words.Skip(1) : words);
                return Reply.Message($"\"{typed}\" is not a knowledge area ({KnowledgeAreas.Choices}). You may ask for your own mentors (**mentor suggest**, optionally with a knowledge area); the PMO asks for anyone's.");
            }

            switch (await people.FindAsync(string.Join(' ', words), request.Mentions, cancellationToken))
            {
                case PersonSearch.Found found:
                    mentee = found.User;
                    break;
                case PersonSearch.Ambiguous ambiguous:
                    return Reply.Message(ambiguous.Sentence);
                default:
                    return Reply.Message($"I don't know anyone called \"{string.Join(' ', words)}\", and it is not a knowledge area ({KnowledgeAreas.Choices}).");
            }
        }

        var current = (await store.ActiveForMenteeAsync(mentee.UserKey, cancellationToken)).Select(p => (p.MentorKey, p.MentorName)).Distinct().ToList();
        var candidates = await suggestions.ForAsync(mentee, area, request.Caller, cancellationToken, exclude: current.Select(m => m.MentorKey).ToHashSet(StringComparer.Ordinal));
        var card = MentoringCards.Suggested(mentee.Name, area, candidates, mayPair: request.Caller.HasAny(Roles.PmoOrAdmin), forSelf: mentee.UserKey == request.Caller.UserKey, currentMentors: current.Select(m => m.MentorName).ToList());
        return Reply.WithCard(card, $"{candidates.Count} possible mentors for {mentee.Name}");
    }
}

/// <summary><b>Pair them</b>: resolves both people, stores the pair (once per form), and sends both the introduction.</summary>
public sealed class MentoringPairCardAction(MentoringStore store, PeopleDirectory people, Outbox outbox, CertificationLedger ledger, TimeProvider time) : ICardActionHandler
{
    public string Verb => MentoringCards.PairVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public static string IntroductionKey(string pairId, MentoringSide side) => $"mentoring-intro|{pairId}|{side}";

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = FormCards.Fields(request.Data, MentoringCards.FormFields);
        var errors = new Dictionary<string, string>();
        var mentor = await ResolveAsync(values[MentoringCards.MentorField], MentoringCards.MentorField, "mentor", errors, cancellationToken);
        var mentee = await ResolveAsync(values[MentoringCards.MenteeField], MentoringCards.MenteeField, "mentee", errors, cancellationToken);
        if (mentor is not null && mentee is not null && mentor.UserKey == mentee.UserKey)
        {
            errors[MentoringCards.MenteeField] = "The mentee must be someone other than the mentor.";
        }

        var area = KnowledgeAreas.Parse(values[MentoringCards.AreaField]);
        if (area is null)
        {
            errors[MentoringCards.AreaField] = $"Pick the knowledge area: {KnowledgeAreas.Choices}.";
        }

        var goal = values[MentoringCards.GoalField] ?? string.Empty;
        if (goal.Length is 0 or > 500)
        {
            errors[MentoringCards.GoalField] = goal.Length == 0 ? "Give the goal: what the mentee wants to be able to do." : "Keep the goal to 500 characters.";
        }

        if (errors.Count > 0)
        {
            return Reply.WithCard(MentoringCards.Form(values, errors), "Nobody was paired yet: " + errors.Values.First());
        }

        var pair = new MentoringPair(IdFor(values[MentoringCards.FormIdField] ?? Guid.NewGuid().ToString("N")), mentor!.UserKey, mentor.Name, mentee!.UserKey, mentee.Name, area!, goal, ledger.Today(request.Caller), true, request.Caller.Name, time.GetUtcNow());
        var added = await store.AddAsync(pair, cancellationToken);
        if (added && await store.ClaimAsync(pair, cancellationToken) is { } existing)
        {
            await store.RemoveAsync(pair.Id, cancellationToken);
            errors[MentoringCards.MenteeField] = AlreadyPaired(existing);
            return Reply.WithCard(MentoringCards.Form(values, errors), "Nobody was paired: " + errors[MentoringCards.MenteeField]);
        }

        pair = await store.GetAsync(pair.Id, cancellationToken) ?? pair;
        if (!pair.Active)
        {
            return Reply.Message($"This form's pair ended on {DateText.Display(pair.EndedOn ?? pair.StartedOn)}; to pair them again, open a new **mentor pair** form.");
        }

        foreach (var side in Enum.GetValues<MentoringSide>())
        {
            // Asked again on a repeated form: the keys make each introduction go once.
            await outbox.EnqueueAsync(
                new DeliveryRequest(IntroductionKey(pair.Id, side), DeliveryTarget.PersonalChat(pair.KeyOf(side)), $"You are paired with {pair.NameOf(side == MentoringSide.Mentor ? MentoringSide.Mentee : MentoringSide.Mentor)} for mentoring.", MentoringCards.Introduction(pair, side)),
                cancellationToken);
        }

        var note = added ? $"Paired {pair.MentorName} (mentor) with {pair.MenteeName}; both got an introduction." : "This form was already sent: the pair exists and nothing new was created.";
        return Reply.WithCard(MentoringCards.Overview([(pair, 0, [], null)], note), note);
    }

    /// <summary>One active pair per mentor and mentee, whatever the topic: another topic is a goal to agree between them.</summary>
    public static string AlreadyPaired(MentoringPair existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return $"{existing.MentorName} is already {existing.MenteeName}'s mentor, since {DateText.Display(existing.StartedOn)} ({KnowledgeAreas.NameOf(existing.KnowledgeArea)}: {existing.Goal}). "
            + $"They can take on another topic in the same pair; to start afresh, end it first (**mentor end {existing.MenteeName}**).";
    }

    public static string IdFor(string formId) => "MP-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(formId)))[..10];

    private async Task<PmoUser?> ResolveAsync(string? typed, string field, string what, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        if (typed is null)
        {
            errors[field] = $"Name the {what} (name or e-mail).";
            return null;
        }

        switch (await people.FindAsync(typed, [], cancellationToken))
        {
            case PersonSearch.Found found:
                return found.User;
            case PersonSearch.Ambiguous ambiguous:
                errors[field] = ambiguous.Sentence;
                return null;
            default:
                errors[field] = new PersonSearch.NotFound(typed).Sentence;
                return null;
        }
    }
}

/// <summary><b>Send</b> on a monthly check-in: only the person it was sent to answers it; the answer goes to the pair's record.</summary>
public sealed class MentoringCheckInCardAction(MentoringStore store, TimeProvider time) : ICardActionHandler
{
    public string Verb => MentoringCards.CheckInVerb;

    public IReadOnlySet<Role> AllowedRoles { get; } = new HashSet<Role>();

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pair = request.Field(MentoringCards.PairField) is { } id ? await store.GetAsync(id, cancellationToken) : null;
        // The card sends the month as a number; a client may send it as text. The side by name only ("7" is no side).
        var month = request.Data[MentoringCards.MonthField] is JsonValue m && m.TryGetValue<int>(out var number) ? number
            : int.TryParse(request.Field(MentoringCards.MonthField), NumberStyles.None, CultureInfo.InvariantCulture, out var typed) ? typed
            : 0;
        if (pair is null || month < 1 || !EnumText.TryParse<MentoringSide>(request.Field(MentoringCards.SideField), out var side))
        {
            return Reply.Message("This check-in is not one PmoBot has (perhaps from an older card); nothing was saved.");
        }

        if (pair.KeyOf(side) != request.Caller.UserKey)
        {
            return Reply.Message($"This check-in is {pair.NameOf(side)}'s to answer; nothing was saved.");
        }

        if (!pair.Active)
        {
            return Reply.Message($"The PMO ended this mentoring pair on {DateText.Display(pair.EndedOn ?? pair.StartedOn)}; nothing was saved.");
        }

        // A month is asked about once it has fallen due on the person's calendar (a day's grace for a changed time zone).
        var due = pair.CheckInsDue(UserTimeZones.DateAt(time.GetUtcNow(), request.Caller.TimeZone).AddDays(1));
        if (month > due)
        {
            return Reply.Message(due == 0
                ? $"This pair's first check-in falls on {DateText.Display(pair.CheckInDue(1))}, so there is no month {month} to answer yet; nothing was saved."
                : $"This pair is in month {due} of its check-ins, so there is no month {month} to answer yet; nothing was saved.");
        }

        var met = request.Field(MentoringCards.MetField);
        if (met is not ("yes" or "no"))
        {
            return Reply.WithCard(MentoringCards.CheckIn(pair, month, side), "Say whether you met this month (yes or no); nothing was saved yet.");
        }

        var notes = request.Field(MentoringCards.NotesField) ?? string.Empty;
        var answer = new MentoringCheckIn(pair.Id, month, side, met == "yes", notes.Length > 1000 ? notes[..1000] : notes, time.GetUtcNow());
        await store.SaveCheckInAsync(answer, cancellationToken);
        return Reply.WithCard(MentoringCards.CheckIn(pair, month, side, answer, "Thanks: saved to the pair's record. You can update it here."), "Check-in saved.");
    }
}

/// <summary>Ends a pair for the PMO (<c>mentor end</c>, or <b>End this pair</b> on <c>mentoring</c>): no more check-ins, and both are told once.</summary>
public sealed class MentoringEnding(MentoringStore store, Outbox outbox, CertificationLedger ledger)
{
    public static string EndedKey(string pairId, MentoringSide side) => $"mentoring-end|{pairId}|{side}";

    public async Task<Reply> EndAsync(string pairId, PmoUser caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var result = await store.EndAsync(pairId, caller.Name, ledger.Today(caller), cancellationToken);
        if (result is not { } outcome)
        {
            return Reply.Message("PmoBot has no such mentoring pair (perhaps from an older card); nothing was ended.");
        }

        var pair = outcome.Pair;
        var title = $"{pair.MentorName} → {pair.MenteeName} · {KnowledgeAreas.NameOf(pair.KnowledgeArea)}";
        if (!outcome.Ended)
        {
            return Reply.Message($"The pair {title} had already ended on {DateText.Display(pair.EndedOn ?? pair.StartedOn)}; nothing changed.");
        }

        foreach (var side in Enum.GetValues<MentoringSide>())
        {
            var other = pair.NameOf(side == MentoringSide.Mentor ? MentoringSide.Mentee : MentoringSide.Mentor);
            await outbox.EnqueueAsync(
                new DeliveryRequest(EndedKey(pair.Id, side), DeliveryTarget.PersonalChat(pair.KeyOf(side)), $"{caller.Name} of the PMO ended your mentoring pair with {other} ({KnowledgeAreas.NameOf(pair.KnowledgeArea)}): there are no more monthly check-ins. Thank you both."),
                cancellationToken);
        }

        return Reply.Message($"Ended {title}: no more monthly check-ins; {pair.MentorName} and {pair.MenteeName} were told.");
    }
}

/// <summary><b>End this pair</b> on the PMO's mentoring card.</summary>
public sealed class MentoringEndCardAction(MentoringEnding ending) : ICardActionHandler
{
    public string Verb => MentoringCards.EndVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Field(MentoringCards.PairField) is { } id
            ? ending.EndAsync(id, request.Caller, cancellationToken)
            : Task.FromResult(Reply.Message("This button names no mentoring pair; nothing was ended."));
    }
}
