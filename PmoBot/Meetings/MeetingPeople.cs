using System.Net;
using PmoBot.Graph;
using PmoBot.People;

namespace PmoBot.Meetings;

/// <summary>Someone to meet, as Graph needs them: the id for URLs, the SMTP address getSchedule and invitations need, and a zone to fall back on.</summary>
public sealed record MeetingPerson(string UserKey, string Name, string Address, TimeZoneInfo Zone)
{
    /// <summary>Graph accepts an object id or a user principal name in <c>/users/{id}</c>.</summary>
    public string GraphId => Guid.TryParse(UserKey, out _) ? UserKey : Address;
}

/// <summary>
/// Finds each person's mail address: PmoBot's own record first (onboarding and the demo set it), else Graph's
/// <c>GET /users/{id}</c>, which needs <c>User.Read.All</c> — Teams gives a bot object ids, not addresses.
/// </summary>
public sealed class MeetingPeople(PeopleDirectory people, GraphCalendarClient graph)
{
    public const string ReadUsersPermission = "User.Read.All";

    public async Task<(MeetingPerson? Person, MeetingBooking? Problem)> ResolveAsync(string userKey, CancellationToken cancellationToken)
    {
        var user = await people.GetAsync(userKey, cancellationToken);
        var name = user?.Name ?? userKey;
        var zone = UserTimeZones.Resolve(user?.TimeZone);
        if (!string.IsNullOrWhiteSpace(user?.Email))
        {
            return (new MeetingPerson(userKey, name, user.Email, zone), null);
        }

        if (!Guid.TryParse(userKey, out _))
        {
            return (null, new MeetingBooking.Failed($"PmoBot has no e-mail address or Entra object id for {name}, so it cannot read their calendar"));
        }

        Microsoft.Graph.Models.User? found;
        try
        {
            found = await graph.GetUserAsync(userKey, cancellationToken);
        }
        catch (Exception ex) when (GraphFailure.TryRead(ex, out var failure))
        {
            return (null, failure.Status switch
            {
                HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => new MeetingBooking.Forbidden(ReadUsersPermission),
                HttpStatusCode.NotFound => new MeetingBooking.Failed($"Graph found no user {name} ({userKey}) in the tenant"),
                _ when failure.IsBusy => GraphReviewMeetingBooker.Busy(failure),
                _ => new MeetingBooking.Failed($"Graph could not look up {name}'s mail address ({failure.Code}: {failure.Detail})"),
            });
        }

        var address = NonEmpty(found?.Mail) ?? NonEmpty(found?.UserPrincipalName);
        return address is null
            ? (null, new MeetingBooking.Failed($"{name} has no mailbox in the tenant, so there is no calendar to book"))
            : (new MeetingPerson(userKey, user?.Name ?? NonEmpty(found?.DisplayName) ?? name, address, zone), null);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
