using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.People;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.People;

/// <summary>The People feature over the run's Azurite: real stores, a fake clock and its own configured admins.</summary>
public sealed class PeopleHarness
{
    public static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private PeopleHarness(PeopleDirectory directory, RoleMemberStore roleMembers, FakeTimeProvider time)
    {
        Directory = directory;
        RoleMembers = roleMembers;
        Time = time;
        Administration = new RoleAdministration(directory);
    }

    public PeopleDirectory Directory { get; }

    public RoleMemberStore RoleMembers { get; }

    public RoleAdministration Administration { get; }

    public FakeTimeProvider Time { get; }

    public static async Task<PeopleHarness> CreateAsync(params string[] configuredAdmins)
    {
        var service = await AzuriteStorage.WithTablesAsync(UserStore.TableName, RoleMemberStore.TableName, UserLookupStore.TableName);
        var time = new FakeTimeProvider(Start);
        var roleMembers = new RoleMemberStore(service);
        var directory = new PeopleDirectory(
            new UserStore(service),
            roleMembers,
            new UserLookupStore(service),
            Options.Create(new RolesOptions { Admins = [.. configuredAdmins] }),
            time);
        return new PeopleHarness(directory, roleMembers, time);
    }

    public static CallerIdentity Caller(TestPerson person, string? timeZone = "Europe/London", string? name = null) =>
        new(person.AadObjectId, person.TeamsUserId, name ?? person.Name, timeZone);

    /// <summary>Someone who has messaged the bot and holds <paramref name="roles"/>.</summary>
    public async Task<PmoUser> PersonAsync(TestPerson person, params Role[] roles)
    {
        await Directory.RecognizeAsync(Caller(person), inPersonalChat: true, CancellationToken.None);
        foreach (var role in roles)
        {
            var user = await Directory.GetAsync(person.AadObjectId, CancellationToken.None);
            await Directory.GrantAsync(user!, role, user!, CancellationToken.None);
        }

        return (await Directory.GetAsync(person.AadObjectId, CancellationToken.None))!;
    }

    public async Task<PmoUser> ReloadAsync(PmoUser user) =>
        (await Directory.GetAsync(user.UserKey, CancellationToken.None))!;

    public async Task<IReadOnlyList<RoleHolder>> HoldersOfAsync(string userKey) =>
        (await Directory.ListRoleHoldersAsync(CancellationToken.None)).Where(h => string.Equals(h.UserKey, userKey, StringComparison.OrdinalIgnoreCase)).ToList();
}
