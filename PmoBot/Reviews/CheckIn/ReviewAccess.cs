namespace PmoBot.Reviews.CheckIn;

/// <summary>Who answers a project's review: its PM or deputy. The refusal is worded so it never tells whether a project exists.</summary>
public static class ReviewAccess
{
    public static string NotYours(string code) =>
        $"I can't find a project \"{code}\" that you review. Only a project's PM or deputy answers its review; type **projects** to see yours.";
}
