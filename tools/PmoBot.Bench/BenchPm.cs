namespace PmoBot.Bench;

/// <summary>
/// A simulated project manager: a Teams user (Entra object id, Teams id, name) with the personal chat they talk to the
/// bot in, and the one project they review.
/// </summary>
internal sealed record BenchPm(int Number, string AadObjectId, string TeamsUserId, string Name, string ProjectCode)
{
    public const string TenantId = "bench-tenant";
    public const string TimeZone = "Europe/London";
    public const string Locale = "en-GB";

    public string ConversationId => $"a:bench-{AadObjectId}";

    /// <summary>The run's PMs: numbered from 1, each with a fresh identity and the project code <c>{prefix}-{number}</c>.</summary>
    public static IReadOnlyList<BenchPm> Create(string codePrefix, int count, int firstNumber = 1) =>
        Enumerable.Range(firstNumber, count).Select(number =>
        {
            var id = Guid.NewGuid();
            return new BenchPm(number, id.ToString(), $"29:bench-{id:N}", $"Bench PM {number:D4} {id.ToString("N")[..6]}", $"{codePrefix}-{number}");
        }).ToList();
}
