using Microsoft.Extensions.DependencyInjection;
using PmoBot.People;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.People;

/// <summary>
/// Someone without a role learns from their welcome who can give them one, by name, over real HTTP against a storage
/// account of the test's own (the run's shared one holds every other test's PMO members).
/// </summary>
public sealed class RoleGrantersNoteTests
{
    [Fact]
    public async Task A_newcomers_welcome_names_the_pmo_or_without_one_the_admins_and_someone_with_a_role_is_not_told()
    {
        await using var azurite = await PrivateAzurite.StartAsync();
        var admin = TestPerson.New("Ada");
        await using var bot = await BotOverHttp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Delivery:SendersEnabled"] = "false",
            ["Roles:Admins:0"] = admin.AadObjectId,
        });
        // No PMO yet, and the admin from configuration has never opened PmoBot: only an id is known, so nobody is named.
        var early = Lines(await bot.ChatWith(TestPerson.New("Nell")).SayAsync("hello"));
        Assert.Contains("You have no PmoBot role yet. A PMO member or an admin can give you one.", early);
        Assert.DoesNotContain(early, line => line.StartsWith("PmoBot's admins", StringComparison.Ordinal));

        // Once the admin has opened PmoBot, they are named.
        await bot.ChatWith(admin).SayAsync("whoami");
        var first = Lines(await bot.ChatWith(TestPerson.New("Noor")).SayAsync("hello"));
        Assert.Contains($"PmoBot's admins: {admin.Name}. Ask them for the role you need (project manager or leader).", first);

        var people = bot.Server.Services.GetRequiredService<PeopleDirectory>();
        var granter = (await people.GetAsync(admin.AadObjectId, CancellationToken.None))!;
        var pmo = new[] { TestPerson.New("Paula"), TestPerson.New("Quinn") };
        foreach (var member in pmo)
        {
            await bot.ChatWith(member).SayAsync("whoami");
            await people.GrantAsync((await people.GetAsync(member.AadObjectId, CancellationToken.None))!, Role.Pmo, granter, CancellationToken.None);
        }

        var newcomer = Lines(await bot.ChatWith(TestPerson.New("Nestor")).SayAsync("hello"));
        Assert.Contains($"In the PMO: {pmo[0].Name}, {pmo[1].Name}. Ask one of them for the role you need (project manager or leader).", newcomer);
        Assert.Contains("You have no PmoBot role yet. A PMO member or an admin can give you one.", newcomer);

        // The twin: the same person, given a role and welcomed again as on a first contact, is not told.
        var manager = TestPerson.New("Megan");
        Assert.Contains(Lines(await bot.ChatWith(manager).SayAsync("hello")), line => line.StartsWith("In the PMO", StringComparison.Ordinal));
        await people.GrantAsync((await people.GetAsync(manager.AadObjectId, CancellationToken.None))!, Role.ProjectManager, granter, CancellationToken.None);
        await bot.Server.Services.GetRequiredService<UserStore>().UpdateAsync(manager.AadObjectId, p => p! with { FirstSeenAt = null }, CancellationToken.None);
        var welcomed = Lines(await bot.ChatWith(manager).SayAsync("hello"));
        Assert.Contains($"Welcome to PmoBot, {manager.Name}", welcomed);
        Assert.DoesNotContain(welcomed, line => line.StartsWith("In the PMO", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> Lines(RecordingConnector.SentActivity reply) =>
        TextsOf(reply.Card ?? throw new InvalidOperationException($"expected the welcome card, got \"{reply.Text}\""));
}
