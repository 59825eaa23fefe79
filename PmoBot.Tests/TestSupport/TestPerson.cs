namespace PmoBot.Tests.TestSupport;

/// <summary>A Teams user no other test knows: fresh Entra and Teams ids, and a unique name.</summary>
public sealed record TestPerson(string AadObjectId, string TeamsUserId, string Name)
{
    public static TestPerson New(string firstName = "Pat")
    {
        var id = Guid.NewGuid();
        return new TestPerson(id.ToString(), $"29:{id:N}", $"{firstName} {id.ToString("N")[..8]}");
    }
}
