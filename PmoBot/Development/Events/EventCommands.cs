using System.Globalization;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Development.Events;

public sealed class EventCommands(
    EventStore events,
    RegistrationStore registrations,
    EventOrganiser organiser,
    EventResponder responder,
    EventPoster poster,
    OnlineEventMeetings meetings,
    EventAttendance attendance,
    EventGraphClient graph,
    TimeProvider time) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("events", "events [knowledge area] [month]", "Upcoming learning events, e.g. events risk may", ProjectAccess.AnyRole, ListAsync),
        new("event", "event ‹EV-id›", "One event: register from its card (the PMO also sees its registrations)", ProjectAccess.AnyRole, ShowAsync),
        new("event add", "event add", "Create a learning event with a form and post it to channels", Roles.PmoOrAdmin, AddAsync),
        new("event post", "event post ‹EV-id›", "Post an event's card to more channels", Roles.PmoOrAdmin, PostAsync),
        new("event attendance", "event attendance ‹EV-id› [page n]", "Mark who attended (credits their PDUs)", Roles.PmoOrAdmin, AttendanceAsync),
        new("event export", "event export ‹EV-id›", "Registrations and attendance as a CSV file, in personal chat", Roles.PmoOrAdmin, ExportAsync),
    ];

    private async Task<Reply> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        string? area = null;
        (int Year, int Month)? month = null;
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var twoWords = i + 1 < words.Count ? $"{word} {words[i + 1]}" : null;
            if (twoWords is not null && KnowledgeAreas.Parse(twoWords) is { } longArea)
            {
                area = longArea;
                i++;
            }
            else if (KnowledgeAreas.Parse(word) is { } found)
            {
                area = found;
            }
            else if (MonthOf(word, i + 1 < words.Count ? words[i + 1] : null, now, out var parsed, out var usedYear))
            {
                month = parsed;
                i += usedYear ? 1 : 0;
            }
            else
            {
                return Reply.Message($"\"{word}\" is neither a knowledge area nor a month. Areas: {KnowledgeAreas.Choices}; months like **may** or **2026-05**. For example **events risk may**.");
            }
        }

        var zone = UserTimeZones.Resolve(request.Caller.TimeZone);
        var upcoming = (await events.ListUpcomingAsync(now, cancellationToken))
            .Where(e => area is null || e.KnowledgeAreas.Contains(area))
            .Where(e => month is null || (TimeZoneInfo.ConvertTime(e.Start, zone) is var local && local.Year == month.Value.Year && local.Month == month.Value.Month))
            .ToList();
        var filter = string.Join(" · ", new[] { area is null ? null : KnowledgeAreas.NameOf(area), month is null ? null : new DateTime(month.Value.Year, month.Value.Month, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture) }.OfType<string>());
        if (upcoming.Count == 0)
        {
            return Reply.Message(filter.Length == 0
                ? "There are no upcoming learning events yet." + (EventOrganiser.MayOrganise(request.Caller) ? " Create one with **event add**." : string.Empty)
                : $"No upcoming learning events for {filter}. Type **events** for all of them.");
        }

        var shown = upcoming.Take(EventListCard.MaxShown).ToList();
        var details = await Task.WhenAll(shown.Select(async e => (
            e,
            (await registrations.GetCountsAsync(e.Id, cancellationToken))?.Counts ?? RegistrationCounts.Empty,
            await registrations.GetAsync(e.Id, request.Caller.UserKey, cancellationToken))));
        var rows = details.Concat(upcoming.Skip(shown.Count).Select(e => (e, RegistrationCounts.Empty, (Registration?)null))).ToList();
        return Reply.WithCard(EventListCard.Build(rows, filter, request.Caller, now), $"{upcoming.Count} upcoming learning events");
    }

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (IdProblem(request.Arguments, "event") is { } problem)
        {
            return problem;
        }

        var learningEvent = await events.GetAsync(request.Arguments, cancellationToken);
        if (learningEvent is null)
        {
            return NotFound(request.Arguments);
        }

        if (EventOrganiser.MayOrganise(request.Caller) && request.Conversation == ConversationKind.Personal)
        {
            var counts = (await registrations.GetCountsAsync(learningEvent.Id, cancellationToken))?.Counts ?? RegistrationCounts.Empty;
            var rows = await registrations.ListAsync(learningEvent.Id, cancellationToken);
            var posted = await poster.PostsAsync(learningEvent.Id, cancellationToken);
            return Reply.WithCard(EventAdminCards.Registrations(learningEvent, counts, rows, posted, request.Caller, time.GetUtcNow()), $"{learningEvent.Title}: registrations");
        }

        var answer = await responder.ViewAsync(request.Caller, learningEvent.Id, cancellationToken);
        return Reply.WithCard(answer.Card, answer.Text);
    }

    private async Task<Reply> AddAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var channelKey = request.Conversation == ConversationKind.Channel ? request.ConversationKey : null;
        return await organiser.OpenAsync(request.Caller, channelKey, asDialog: false, cancellationToken) switch
        {
            EventFormAnswer.ShowForm form => Reply.WithCard(form.Card, form.Summary),
            EventFormAnswer.Refused refused => Reply.Message(refused.Message),
            _ => throw new InvalidOperationException("Unknown form answer."),
        };
    }

    private async Task<Reply> PostAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (IdProblem(request.Arguments, "event post") is { } problem)
        {
            return problem;
        }

        var learningEvent = await events.GetAsync(request.Arguments, cancellationToken);
        return learningEvent is null
            ? NotFound(request.Arguments)
            : Reply.WithCard(EventPostCards.Chooser(learningEvent, await poster.ChoiceAsync(learningEvent.Id, cancellationToken)), $"Post {learningEvent.Id}");
    }

    private async Task<Reply> AttendanceAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var page = 1;
        if (words.Count >= 3 && string.Equals(words[^2], "page", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(words[^1], NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1)
            {
                return Reply.Message($"\"{words[^1]}\" is not a page number; pages start at 1.");
            }

            words.RemoveRange(words.Count - 2, 2);
        }

        var id = string.Join(' ', words);
        if (IdProblem(id, "event attendance") is { } problem)
        {
            return problem;
        }

        var learningEvent = await events.GetAsync(id, cancellationToken);
        if (learningEvent is null)
        {
            return NotFound(id);
        }

        if (!learningEvent.HasStarted(time.GetUtcNow()))
        {
            return Reply.Message($"{learningEvent.Title} starts {EventCards.When(learningEvent)}; attendance is marked once it has started. Type **event {learningEvent.Id}** for its registrations.");
        }

        var seated = (await registrations.ListAsync(learningEvent.Id, cancellationToken, RegistrationStatus.Registered, RegistrationStatus.Attended, RegistrationStatus.NoShow))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
        string? note = null;
        if (learningEvent.Online && page == 1 && seated.Count > 0)
        {
            note = await FromAttendanceReportAsync(learningEvent, seated, cancellationToken);
            seated = (await registrations.ListAsync(learningEvent.Id, cancellationToken, RegistrationStatus.Registered, RegistrationStatus.Attended, RegistrationStatus.NoShow))
                .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }

        return Reply.WithCard(EventAdminCards.Attendance(learningEvent, seated, page, note), note ?? $"Attendance of {learningEvent.Title}");
    }

    /// <summary>An online event's attendance, from the Teams meeting's attendance report; the card then lets the PMO correct it.</summary>
    private async Task<string> FromAttendanceReportAsync(LearningEvent learningEvent, IReadOnlyList<Registration> seated, CancellationToken cancellationToken)
    {
        if (!graph.IsConfigured)
        {
            return "Microsoft Graph is not configured, so the Teams attendance report cannot be read: tick who attended.";
        }

        try
        {
            var attended = await meetings.AttendanceAsync(learningEvent, seated, cancellationToken);
            if (attended.Count == 0)
            {
                return "The Teams meeting has no attendance report yet (it comes a few minutes after the meeting ends): tick who attended, or try again later.";
            }

            var credited = 0;
            foreach (var chunk in attended.Chunk(EventAdminCards.PageSize))
            {
                credited += (await attendance.MarkAsync(learningEvent, chunk.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal), cancellationToken)).Credited;
            }

            return $"From the Teams attendance report: {attended.Count(a => a.Value)} attended (at least half the meeting), {attended.Count(a => !a.Value)} no-shows; PDUs credited to {credited} more. Correct any mark below.";
        }
        catch (Exception ex) when (PmoBot.Graph.GraphFailure.TryRead(ex, out var failure))
        {
            return $"The Teams attendance report could not be read ({failure.Detail}): tick who attended, or try again later.";
        }
    }

    private async Task<Reply> ExportAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (IdProblem(request.Arguments, "event export") is { } problem)
        {
            return problem;
        }

        var learningEvent = await events.GetAsync(request.Arguments, cancellationToken);
        if (learningEvent is null)
        {
            return NotFound(request.Arguments);
        }

        if (request.Conversation != ConversationKind.Personal)
        {
            return Reply.Message($"Registrations are for the PMO's eyes, and Teams sends files from a bot only in personal chat: type **event export {learningEvent.Id}** in your personal chat with me.");
        }

        var rows = await registrations.ListAsync(learningEvent.Id, cancellationToken);
        return Reply.WithFile(EventCsvExport.Offer(learningEvent, rows), $"{EventCsv.FileName(learningEvent)}: {ExportedText(rows)}. Accept it below and Teams saves it to your OneDrive.");
    }

    /// <summary>Who the file lists, by status: it has everyone who answered, those who can't go too, unlike the card's list.</summary>
    public static string ExportedText(IReadOnlyCollection<Registration> rows)
    {
        if (rows.Count == 0)
        {
            return "nobody has answered yet, so it has the header line only";
        }

        var byStatus = rows.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Count().ToString(CultureInfo.InvariantCulture)} {EventCards.StatusText(g.Key).ToLowerInvariant()}");
        return $"{(rows.Count == 1 ? "1 person" : $"{rows.Count.ToString(CultureInfo.InvariantCulture)} people")} ({string.Join(", ", byStatus)})";
    }

    private static Reply? IdProblem(string arguments, string command)
    {
        var id = EventIds.Normalize(arguments);
        return id.Length == 0
            ? Reply.Message($"Which event? Type **{command}** and its id, e.g. {command} {EventIds.Example}, or **events** for the list.")
            : EventIds.IsValid(id) ? null : Reply.Message($"\"{arguments.Trim()}\" is not an event id: EV- and letters or digits, like {EventIds.Example}. Type **events** for the list.");
    }

    private static Reply NotFound(string id) =>
        Reply.Message($"There is no event {EventIds.Normalize(id)}. Type **events** for the upcoming ones.");

    private static bool MonthOf(string word, string? next, DateTimeOffset now, out (int Year, int Month) month, out bool usedYear)
    {
        usedYear = false;
        month = default;
        if (DateTime.TryParseExact(word, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            month = (exact.Year, exact.Month);
            return true;
        }

        var names = CultureInfo.InvariantCulture.DateTimeFormat;
        var index = Array.FindIndex(names.MonthNames, m => m.Length > 0 && (string.Equals(m, word, StringComparison.OrdinalIgnoreCase) || (word.Length >= 3 && m.StartsWith(word, StringComparison.OrdinalIgnoreCase))));
        if (index < 0)
        {
            return false;
        }

        var year = now.Month > index + 1 ? now.Year + 1 : now.Year;
        if (next is not null && int.TryParse(next, NumberStyles.None, CultureInfo.InvariantCulture, out var typedYear) && typedYear is >= 2000 and <= 2100)
        {
            year = typedYear;
            usedYear = true;
        }

        month = (year, index + 1);
        return true;
    }
}
