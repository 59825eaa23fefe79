namespace PmoBot.Teams;

/// <summary>The messaging extension's command ids and parameter names, exactly as <c>manifest/manifest.json</c> declares them.</summary>
public static class MessagingExtensionCommands
{
    public const string FindProject = "findProject";
    public const string FindProjectQueryParameter = "query";

    /// <summary>Searches the pipeline; its parameter is named like <see cref="FindProjectQueryParameter"/>.</summary>
    public const string FindOpportunity = "findOpportunity";

    /// <summary>Teams sends this parameter instead of the query when a command with <c>initialRun</c> opens.</summary>
    public const string InitialRunParameter = "initialRun";

    public const string LogRisk = "logRisk";

    public const string RaiseWarning = "raiseWarning";

    public const string PostLearningEvent = "postLearningEvent";

    public const string SuggestImprovement = "suggestImprovement";
}
