using Microsoft.Extensions.Options;
using PmoBot.People;

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
            if (days <= reminderWindow)
            {
                var on = CertificationForms.Format(certification.ExpiresOn!.Value);
                sentences.Add(days < 0
                    ? $"Your {certification.Name} expired on {on}, {(days == -1 ? "1 day" : $"{-days} days")} ago."
                    : $"Your {certification.Name} expires on {on} ({CertificationCards.DaysText(days)}).");
            }

            if (days > 0 && days <= paceWindow && PduProgressCalculator.Calculate(certification, log, today) is { NeedsWarning: true } progress)
            {
                sentences.Add($"You are behind on {progress.UnitsName} for your {certification.Name}: {progress.MissingText()} {CertificationCards.DaysText(days)}.");
            }
        }

        return sentences.Count == 0
            ? null
            : string.Join(" ", sentences) + " Type **certs** to see your certifications, or **pdus** for your PDUs against each cycle.";
    }
}
