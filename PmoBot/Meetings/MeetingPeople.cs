using System.Net;
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

        var answer = await graph.GetUserAsync(userKey, cancellationToken);
        if (answer.Status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            return (null, new MeetingBooking.Forbidden(ReadUsersPermission));
        }

        if (!answer.IsSuccess)
        {
            return (null, new MeetingBooking.Failed(answer.Status == HttpStatusCode.NotFound
                ? $"Graph found no user {name} ({userKey}) in the tenant"
                : $"Graph could not look up {name}'s mail address ({(int)answer.Status}: {answer.Error})"));
        }

        var address = GraphJson.Text(answer.Body, "mail") ?? GraphJson.Text(answer.Body, "userPrincipalName");
        return address is null
            ? (null, new MeetingBooking.Failed($"{name} has no mailbox in the tenant, so there is no calendar to book"))
            : (new MeetingPerson(userKey, user?.Name ?? GraphJson.Text(answer.Body, "displayName") ?? name, address, zone), null);
    }
}
