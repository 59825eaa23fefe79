using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Certifications;

/// <summary>
/// On a welcome: the person's certifications expiring within the first reminder's window (or expired this month), and a
/// PDU pace that will not make the cycle. <see cref="CertificationSweeper"/> sends both to the personal chat, which
/// could not reach someone who had not opened PmoBot; the sweeper's keys keep them from being sent again.
/// </summary>
public sealed class CertificationWelcomeNote(CertificationStore certifications, PduLogStore pdus, IOptions<CertificationsOptions> options, TimeProvider time) : IWelcomeNote
{
    /// <summary>An expired certification is still worth a line this long after its date.</summary>
    public const int ExpiredDaysShown = 30;

    public async Task<string?> NoteAsync(PmoUser person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var settings = options.Value;
        var reminderWindow = settings.ReminderDays.DefaultIfEmpty(0).Max();
        var paceWindow = (int)settings.PaceWarningBefore.TotalDays;
        var today = UserTimeZones.DateAt(time.GetUtcNow(), person.TimeZone);
        var near = (await certifications.ListAsync(person.UserKey, cancellationToken))
            .Where(c => c.DaysLeft(today) is { } days && days >= -ExpiredDaysShown && days <= Math.Max(reminderWindow, paceWindow))
            .OrderBy(c => c.ExpiresOn)
            .ToList();
        if (near.Count == 0)
        {
            return null;
        }

        var log = await pdus.ListAsync(person.UserKey, cancellationToken);
        var sentences = new List<string>();
        foreach (var certification in near)
        {
            var days = certification.DaysLeft(today)!.Value;
            var behind = days > 0 && days <= paceWindow && PduProgressCalculator.Calculate(certification, log, today) is { NeedsWarning: true } progress
                ? progress
                : null;
            if (days <= reminderWindow)
            {
                var on = DateText.Display(certification.ExpiresOn!.Value);
                sentences.Add(days < 0
                    ? $"Your {certification.Name} expired on {on}, {(days == -1 ? "1 day" : $"{-days} days")} ago."
                    : behind is null
                        ? $"Your {certification.Name} expires on {on} ({CertificationCards.DaysText(days)})."

                        // One sentence for both, so the days left are said once.
                        : $"Your {certification.Name} expires on {on} ({CertificationCards.DaysText(days)}), and you are behind on {behind.UnitsName} for it: {behind.StillToEarnText()}");
            }
            else if (behind is not null)
            {
                sentences.Add($"You are behind on {behind.UnitsName} for your {certification.Name}: {behind.StillToEarnText()} {CertificationCards.DaysText(days)}.");
            }
        }

        if (sentences.Count == 0)
        {
            return null;
        }

        // The pdus command shows PDU and CPD cycles; it is named with the units of the certifications this note is about.
        var units = near.Select(c => c.Rule.Scheme).Distinct().Select(scheme => scheme switch
        {
            RenewalScheme.Pdu => "PDUs",
            RenewalScheme.CpdPerYear => "CPD points",
            _ => null,
        }).OfType<string>().ToList();
        var pdusClause = units.Count == 0 ? string.Empty : $", or **pdus** for your {string.Join(" and ", units)} against each cycle";
        return string.Join(" ", sentences) + $" Type **certs** to see your certifications{pdusClause}.";
    }
}
