using System.Globalization;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Development.Certifications;

/// <summary>A person's certifications and PDUs, and where they stand: shared by the commands, the card actions and the notices.</summary>
public sealed class CertificationLedger(CertificationStore certifications, PduLogStore pdus, TimeProvider time)
{
    public DateOnly Today(PmoUser person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return UserTimeZones.DateAt(time.GetUtcNow(), person.TimeZone);
    }

    public async Task<IReadOnlyList<(Certification Certification, PduProgress? Progress)>> OfAsync(string userKey, DateOnly today, CancellationToken cancellationToken)
    {
        var held = await certifications.ListAsync(userKey, cancellationToken);
        var log = held.Any(c => c.Rule.Scheme != RenewalScheme.ExpiryOnly) ? await pdus.ListAsync(userKey, cancellationToken) : [];
        return held.Select(c => (c, PduProgressCalculator.Calculate(c, log, today))).ToList();
    }
}

public sealed class CertificationCommands(CertificationLedger ledger, CertificationStore certifications, PduLogStore pdus, Events.EventStore events, Events.EventOffers offers, TimeProvider time) : ICommandModule
{
    public const int DefaultExpiringDays = 90;
    public const int MaxExpiringDays = 730;

    public IEnumerable<CommandDefinition> Commands =>
    [
        new("certs", "certs", "Your certifications, their expiry and PDU progress", ProjectAccess.AnyRole, MineAsync) { PersonalChatOnly = true },
        new("cert add", "cert add", "Record a certification (PMP, PRINCE2, PMI-ACP, ...) with a form", ProjectAccess.AnyRole, AddAsync) { PersonalChatOnly = true },
        new("certs expiring", "certs expiring [days]", "The team's certifications expiring soon (default 90 days)", Roles.PmoOrAdmin, ExpiringAsync),
        new("pdus", "pdus", "Your PDUs against each cycle: a bar per Talent Triangle area, what is missing, days left", ProjectAccess.AnyRole, PdusAsync) { PersonalChatOnly = true },
        new("pdu add", "pdu add [‹hours› ‹area› ‹activity›]", "Log PDUs, e.g. pdu add 2 power skills Negotiation webinar (or a form)", ProjectAccess.AnyRole, LogAsync) { PersonalChatOnly = true },
    ];

    private async Task<Reply> MineAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var today = ledger.Today(request.Caller);
        var mine = await ledger.OfAsync(request.Caller.UserKey, today, cancellationToken);
        return Reply.WithCard(CertificationCards.Mine(request.Caller.Name, mine, today), $"{mine.Count} certifications");
    }

    private static Task<Reply> AddAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Reply.WithCard(CertificationForms.CertificationCard(new Dictionary<string, string?>()), "Record a certification"));

    private async Task<Reply> ExpiringAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var days = DefaultExpiringDays;
        var typed = request.Arguments.Trim();
        if (typed.Length > 0 && (!int.TryParse(typed.Replace("days", string.Empty, StringComparison.OrdinalIgnoreCase).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out days) || days < 1 || days > MaxExpiringDays))
        {
            return Reply.Message($"\"{typed}\" is not a number of days from 1 to {MaxExpiringDays}, e.g. **certs expiring 30**.");
        }

        var today = ledger.Today(request.Caller);
        var expiring = await certifications.ListExpiringAsync(today, today.AddDays(days), cancellationToken);
        return Reply.WithCard(CertificationCards.Expiring(expiring, days, today), $"{expiring.Count} certifications expire in the next {days} days");
    }

    private async Task<Reply> PdusAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var today = ledger.Today(request.Caller);
        var mine = await ledger.OfAsync(request.Caller.UserKey, today, cancellationToken);
        var log = await pdus.ListAsync(request.Caller.UserKey, cancellationToken);
        var progress = mine.Select(m => m.Progress).OfType<PduProgress>().ToList();
        var behind = progress.Where(p => p.NeedsWarning).ToList();
        var filling = new Dictionary<PduProgress, IReadOnlyList<Events.EventOffer>>();
        if (behind.Count > 0)
        {
            // The same events the pace warning offers: upcoming, open, and earning what is missing.
            var now = time.GetUtcNow();
            var upcoming = await events.ListUpcomingAsync(now, cancellationToken);
            foreach (var item in behind)
            {
                filling[item] = await offers.ForAsync(CertificationSweeper.Filling(item, upcoming, now), request.Caller.UserKey, cancellationToken);
            }
        }

        return Reply.WithCard(CertificationCards.Pdus(request.Caller.Name, progress, log, filling: filling, readerZone: request.Caller.TimeZone), progress.Count == 0 ? "No PDU cycle to show" : string.Join("; ", progress.Select(CertificationCards.Summary)));
    }

    /// <summary>With arguments the PDUs are logged at once (<c>pdu add 1.5 power skills Negotiation webinar</c>); without, the form.</summary>
    private async Task<Reply> LogAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var today = ledger.Today(request.Caller);
        if (request.Arguments.Trim().Length == 0)
        {
            return Reply.WithCard(CertificationForms.PduCard(new Dictionary<string, string?> { [CertificationForms.DateField] = CertificationForms.TypedDate(today) }), "Log PDUs");
        }

        var values = QuickPdu(request.Arguments, today);
        var (entry, errors) = CertificationForms.ReadPdu(values, request.Caller, today, time.GetUtcNow());
        if (entry is null)
        {
            return Reply.WithCard(CertificationForms.PduCard(values, errors), "Nothing was logged yet: " + errors.Values.First());
        }

        values[CertificationForms.PduFormIdField] = entry.Id["manual|".Length..];
        return await LogUnlessRepeatAsync(request.Caller, entry, values, confirmed: false, ledger, pdus, cancellationToken);
    }

    /// <summary>Logs the entry, unless it likely repeats one logged already and the person has not said to log it anyway.</summary>
    public static async Task<Reply> LogUnlessRepeatAsync(PmoUser caller, PduEntry entry, IReadOnlyDictionary<string, string?> values, bool confirmed, CertificationLedger ledger, PduLogStore pdus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(pdus);
        if (!confirmed && entry.LikelyRepeatOf(await pdus.ListAsync(caller.UserKey, cancellationToken)) is { } logged)
        {
            return Reply.WithCard(CertificationForms.LikelyRepeat(values, logged), CertificationForms.RepeatSentence(logged) + " Nothing was logged yet.");
        }

        await pdus.UpsertAsync([entry], cancellationToken);
        return await LoggedAsync(caller, entry, ledger, pdus, cancellationToken);
    }

    /// <summary>The answer to logged PDUs: the progress card with a note of what was logged.</summary>
    public static async Task<Reply> LoggedAsync(PmoUser caller, PduEntry entry, CertificationLedger ledger, PduLogStore pdus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(pdus);
        var today = ledger.Today(caller);
        var mine = await ledger.OfAsync(caller.UserKey, today, cancellationToken);
        var note = $"Logged {TalentAreas.Format(entry.Units)} PDUs ({(entry.Area is { } area ? TalentAreas.NameOf(area) : entry.Category == PduCategory.Practitioner ? "working as a practitioner" : "giving back")}): {entry.Activity}.";
        return Reply.WithCard(CertificationCards.Pdus(caller.Name, mine.Select(m => m.Progress).OfType<PduProgress>().ToList(), await pdus.ListAsync(caller.UserKey, cancellationToken), note), note);
    }

    /// <summary>Reads <c>2 power skills Negotiation webinar</c>, <c>1.5 giving back Mentoring</c>, <c>3 wow Scrum course</c>.</summary>
    public static Dictionary<string, string?> QuickPdu(string arguments, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var values = new Dictionary<string, string?> { [CertificationForms.DateField] = CertificationForms.TypedDate(today), [CertificationForms.UnitsField] = words.Count > 0 ? words[0] : null };
        var rest = words.Skip(1).ToList();
        var category = nameof(PduCategory.Education);
        string? area = null;
        foreach (var take in new[] { 3, 2, 1 })
        {
            if (rest.Count < take)
            {
                continue;
            }

            var phrase = string.Join(' ', rest.Take(take));
            if (phrase.Equals("giving back", StringComparison.OrdinalIgnoreCase) || phrase.Equals("givingback", StringComparison.OrdinalIgnoreCase))
            {
                category = nameof(PduCategory.GivingBack);
                rest = rest.Skip(take).ToList();
                break;
            }

            if (phrase.Equals("practitioner", StringComparison.OrdinalIgnoreCase))
            {
                category = nameof(PduCategory.Practitioner);
                rest = rest.Skip(take).ToList();
                break;
            }

            if (take > 1 && TalentAreas.TryParse(phrase, out var parsed) && phrase.Contains(' ', StringComparison.Ordinal))
            {
                area = parsed.ToString();
                rest = rest.Skip(take).ToList();
                break;
            }

            if (take == 1 && TalentAreas.TryParse(phrase, out var single))
            {
                area = single.ToString();
                rest = rest.Skip(1).ToList();
                break;
            }
        }

        values[CertificationForms.CategoryField] = category;
        values[CertificationForms.AreaField] = area;
        values[CertificationForms.ActivityField] = rest.Count == 0 ? null : string.Join(' ', rest);
        return values;
    }
}

/// <summary><b>Save</b> on the certification form.</summary>
public sealed class CertificationSaveCardAction(CertificationStore certifications, CertificationLedger ledger, TimeProvider time) : ICardActionHandler
{
    public string Verb => CertificationForms.CertSaveVerb;

    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = CertificationForms.Values(request.Data, CertificationForms.CertificationFields);
        var today = ledger.Today(request.Caller);
        var (certification, errors) = CertificationForms.ReadCertification(values, request.Caller, today, time.GetUtcNow());
        if (certification is null)
        {
            return Reply.WithCard(CertificationForms.CertificationCard(values, errors), "Nothing was saved yet: " + errors.Values.First());
        }

        var replaced = await certifications.SaveAsync(certification, cancellationToken);
        var mine = await ledger.OfAsync(request.Caller.UserKey, today, cancellationToken);
        var note = replaced is null ? $"Recorded {certification.Name}." : $"Updated {certification.Name} (it replaces the one recorded before).";
        return Reply.WithCard(CertificationCards.Mine(request.Caller.Name, mine, today, note), note);
    }
}

/// <summary><b>Log</b> on the PDU form.</summary>
public sealed class PduSaveCardAction(PduLogStore pdus, CertificationLedger ledger, TimeProvider time) : ICardActionHandler
{
    public string Verb => CertificationForms.PduSaveVerb;

    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = CertificationForms.Values(request.Data, CertificationForms.PduFields);
        if (values[CertificationForms.PduFormIdField] is { Length: > AdaptiveCard.MaxFormIdLength })
        {
            return Reply.Message("This PDU form is not one PmoBot made (its id is too long), so nothing was logged. Type **pdu add** for a fresh form.");
        }

        var (entry, errors) = CertificationForms.ReadPdu(values, request.Caller, ledger.Today(request.Caller), time.GetUtcNow());
        if (entry is null)
        {
            return Reply.WithCard(CertificationForms.PduCard(values, errors), "Nothing was logged yet: " + errors.Values.First());
        }

        return await CertificationCommands.LogUnlessRepeatAsync(request.Caller, entry, values, request.Field(CertificationForms.PduConfirmField) == "yes", ledger, pdus, cancellationToken);
    }
}
