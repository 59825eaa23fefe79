using Microsoft.Extensions.DependencyInjection;
using PmoBot.People;

namespace PmoBot.Tests.TestSupport;

/// <summary>Makes someone PmoBot already knows a PM, PMO member and leader too (an admin comes from configuration), so every command and button is theirs to use.</summary>
public static class EveryRole
{
    public static async Task GrantAsync(IServiceProvider services, TestPerson person)
    {
        var people = services.GetRequiredService<PeopleDirectory>();
        foreach (var role in new[] { Role.Pmo, Role.Leader, Role.ProjectManager })
        {
            var current = await people.GetAsync(person.AadObjectId, CancellationToken.None)
                ?? throw new InvalidOperationException($"{person.Name} has not talked to PmoBot yet.");
            await people.GrantAsync(current, role, current, CancellationToken.None);
        }
    }
}
