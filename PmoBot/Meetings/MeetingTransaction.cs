using System.Security.Cryptography;
using System.Text;

namespace PmoBot.Meetings;

/// <summary>
/// Transaction ids for Graph's event creation (<c>event.transactionId</c>): Graph creates one event per id, so an id
/// derived from what the meeting is for (a warning's id) makes a second press, a second instance or a replayed POST
/// find the event the first attempt created instead of booking another.
/// </summary>
public static class MeetingTransaction
{
    /// <summary>The same id for the same <paramref name="purpose"/> and <paramref name="id"/>, every time; a GUID in form.</summary>
    public static string For(string purpose, string id)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"pmobot|{purpose}|{id}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    /// <summary>A meeting asked for once (a typed command): its own id, still the same on the SDK's replays of the POST.</summary>
    public static string New() => Guid.NewGuid().ToString();
}
