using PmoBot.Development.Certifications;

namespace PmoBot.Development.Events;

/// <summary>What saving the attendance card did.</summary>
public sealed record AttendanceResult(int Attended, int NoShows, int Credited, int Withdrawn);

/// <summary>
/// The PMO's attendance marks: the rows change under the event's counter (as every registration change does), then the
/// attendees' PDUs are credited from the event (one entry per Talent Triangle area, keyed by the event, so marking twice
/// credits once) and a no-show's earlier credit is withdrawn.
/// </summary>
public sealed class EventAttendance(RegistrationLedger ledger, PduLogStore pdus, EventCardUpdater cards, TimeProvider time)
{
    public async Task<AttendanceResult> MarkAsync(LearningEvent learningEvent, IReadOnlyDictionary<string, bool> attendedByUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(attendedByUser);
        var marks = await ledger.MarkAttendanceAsync(learningEvent.Id, attendedByUser, cancellationToken);
        if (marks.Any(m => m.Before.Status != m.After.Status))
        {
            cards.MarkChanged(learningEvent.Id);
        }

        // Every mark is applied to the PDU log, changed or not: a save repeated after a failure completes the credits.
        var credited = 0;
        var withdrawn = 0;
        var earnedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(learningEvent.Start, People.UserTimeZones.Resolve(learningEvent.TimeZone)).DateTime);
        foreach (var (before, after) in marks)
        {
            if (after.Status == RegistrationStatus.Attended)
            {
                if (learningEvent.Pdus.Total > 0)
                {
                    var entries = learningEvent.Pdus.NonZero()
                        .Select(p => new PduEntry(after.UserKey, PduEntry.EventEntryId(learningEvent.Id, p.Area), earnedOn, PduCategory.Education, p.Area, p.Units, learningEvent.Title, time.GetUtcNow()))
                        .ToList();
                    await pdus.UpsertAsync(entries, cancellationToken);
                    credited += before.Status == RegistrationStatus.Attended ? 0 : 1;
                }
            }
            else
            {
                await pdus.RemoveAsync(after.UserKey, TalentAreas.All.Select(a => PduEntry.EventEntryId(learningEvent.Id, a)), cancellationToken);
                withdrawn += before.Status == RegistrationStatus.Attended ? 1 : 0;
            }
        }

        return new AttendanceResult(
            marks.Count(m => m.After.Status == RegistrationStatus.Attended),
            marks.Count(m => m.After.Status == RegistrationStatus.NoShow),
            credited,
            withdrawn);
    }
}
