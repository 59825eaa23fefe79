using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;

namespace PmoBot.Development.Events;

/// <summary>The PMO's cards for one event: its registrations, and the attendance form.</summary>
public static class EventAdminCards
{
    public const string AttendanceVerb = "event.attendance";
    public const string AttendedField = "attended";
    public const string PageField = "page";
    public const string PageKeysField = "pageKeys";

    /// <summary>People shown on one card; the CSV export has everyone.</summary>
    public const int PageSize = 40;

    public static JsonObject Registrations(LearningEvent learningEvent, RegistrationCounts counts, IReadOnlyList<Registration> rows, IReadOnlyList<EventPost> posts, PmoUser viewer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(posts);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{learningEvent.Title} · registrations"),
            AdaptiveCard.Text($"{learningEvent.Id} · {EventCards.When(learningEvent)} · {learningEvent.Where}", subtle: true),
            AdaptiveCard.Facts(
            [
                ("Places", EventCards.Places(learningEvent, counts)),
                ("Attendance", $"{counts.Attended.ToString(CultureInfo.InvariantCulture)} attended · {counts.NoShow.ToString(CultureInfo.InvariantCulture)} no-shows"),
                ("Can't go", counts.Cancelled.ToString(CultureInfo.InvariantCulture)),
                ("Registration", learningEvent.IsRegistrationOpen(now) ? $"open until {EventCards.InZone(learningEvent.RegistrationDeadline, viewer.TimeZone)}" : "closed"),
                ("Posted in", posts.Count == 0 ? "no channel yet" : string.Join(", ", posts.Select(p => p.ChannelName))),
            ]),
        };
        var shown = rows.Where(r => r.Status != RegistrationStatus.Cancelled).OrderBy(r => Order(r.Status)).ThenBy(r => r.Seq).ThenBy(r => r.RespondedAt).ToList();
        if (shown.Count == 0)
        {
            body.Add(AdaptiveCard.Text("Nobody has registered or shown interest yet.", subtle: true));
        }
        else
        {
            body.Add(AdaptiveCard.Subheading("People"));
            body.Add(AdaptiveCard.Facts(shown.Take(PageSize).Select(r => (r.Name, $"{EventCards.StatusText(r.Status)} · {EventCards.InZone(r.RespondedAt, viewer.TimeZone)}"))));
            if (shown.Count > PageSize)
            {
                body.Add(AdaptiveCard.Text($"{PageSize} of {shown.Count.ToString("N0", CultureInfo.InvariantCulture)} shown; the CSV export has everyone.", subtle: true));
            }
        }

        var actions = new List<JsonNode?>();
        if (learningEvent.HasStarted(now))
        {
            actions.Add(AdaptiveCard.SendMessage("Mark attendance", $"event attendance {learningEvent.Id}"));
        }

        actions.Add(AdaptiveCard.SendMessage("Export CSV", $"event export {learningEvent.Id}"));
        actions.Add(AdaptiveCard.SendMessage("Post to channels", $"event post {learningEvent.Id}"));
        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>One page of the people holding a seat, with a tick for each who attended (ticked as marked so far).</summary>
    public static JsonObject Attendance(LearningEvent learningEvent, IReadOnlyList<Registration> seated, int page, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(seated);
        var pages = Math.Max(1, (seated.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var onPage = seated.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Attendance · {learningEvent.Title}"),
            AdaptiveCard.Text($"{learningEvent.Id} · {EventCards.When(learningEvent)}. Tick who attended; the others on this page are recorded as no-shows. Attendees are credited {learningEvent.Pdus.Describe()}.", subtle: true),
        };
        if (note is not null)
        {
            body.Add(AdaptiveCard.Text(note, color: "Good"));
        }

        if (onPage.Count == 0)
        {
            body.Add(AdaptiveCard.Text("Nobody holds a place at this event, so there is no attendance to mark."));
            return AdaptiveCard.Create(body);
        }

        var attended = string.Join(',', onPage.Where(r => r.Status == RegistrationStatus.Attended).Select(r => r.UserKey));
        body.Add(EventForm.MultiChoice(AttendedField, pages > 1 ? $"Attended (page {page} of {pages})" : "Attended", onPage.Select(r => (r.Name, r.UserKey)), attended.Length == 0 ? null : attended, required: false));
        var data = new JsonObject
        {
            [EventCards.EventField] = learningEvent.Id,
            [PageField] = page,
            [PageKeysField] = string.Join(',', onPage.Select(r => r.UserKey)),
        };
        var actions = new List<JsonNode?> { AdaptiveCard.Execute("Save attendance", AttendanceVerb, data, style: "positive") };
        if (page < pages)
        {
            actions.Add(AdaptiveCard.SendMessage("Next page", $"event attendance {learningEvent.Id} page {page + 1}"));
        }

        return AdaptiveCard.Create(body, actions);
    }

    private static int Order(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Registered or RegistrationStatus.Attended or RegistrationStatus.NoShow => 0,
        RegistrationStatus.Waitlisted => 1,
        _ => 2,
    };
}
