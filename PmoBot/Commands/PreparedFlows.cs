namespace PmoBot.Commands;

/// <summary>
/// Every conversation flow's read for one person, started together (<see cref="CommandRouter.PrepareFlows"/>) so a
/// turn waits for the slowest of them rather than for their sum. The router still takes them in flow order: a later
/// flow's read is only looked at when every earlier flow let the message through.
/// </summary>
public sealed class PreparedFlows
{
    private readonly IReadOnlyList<Task<OpenConversation?>> loads;

    internal PreparedFlows(string userKey, IReadOnlyList<Task<OpenConversation?>> loads)
    {
        UserKey = userKey;
        this.loads = loads;
    }

    /// <summary>Whose flows were read.</summary>
    public string UserKey { get; }

    internal Task<OpenConversation?> LoadOf(int flow) => loads[flow];

    /// <summary>
    /// Waits for every read, and swallows what they threw: for a turn that will not use them (a second delivery, a
    /// turn that failed or answered before reaching a later flow), so no read is left running or its failure unobserved.
    /// </summary>
    public async Task SettleAsync()
    {
        foreach (var load in loads)
        {
            try
            {
                await load;
            }
            catch (Exception)
            {
                // Nobody reads this flow's state: the turn that needed it failed, or never got to it.
            }
        }
    }
}
