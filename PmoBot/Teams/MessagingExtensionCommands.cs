namespace PmoBot.Teams;

/// <summary>The messaging extension's command ids and parameter names, exactly as <c>manifest/manifest.json</c> declares them.</summary>
public static class MessagingExtensionCommands
{
    public const string FindProject = "findProject";
    public const string FindProjectQueryParameter = "query";

    /// <summary>Teams sends this parameter instead of the query when a command with <c>initialRun</c> opens.</summary>
    public const string InitialRunParameter = "initialRun";

    public const string LogRisk = "logRisk";

    public const string RaiseWarning = "raiseWarning";

    public const string PostLearningEvent = "postLearningEvent";

    public const string SuggestImprovement = "suggestImprovement";
}
