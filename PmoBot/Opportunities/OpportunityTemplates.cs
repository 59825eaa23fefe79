using Azure.Data.Tables;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>
/// The opportunity review's questionnaire, versioned by the weekly review's own machinery (<see cref="ReviewTemplateStore"/>)
/// in table <c>OpportunityTemplates</c>, starting from <see cref="OpportunityQuestionnaire"/>; and its chat sessions, kept by
/// <see cref="ReviewSessionStore"/> in table <c>OpportunityReviewSessions</c> (one open review per person, ETag-guarded).
/// </summary>
public sealed class OpportunityTemplates(TableServiceClient service, TimeProvider time)
{
    public const string TableName = "OpportunityTemplates";
    public const string SessionsTableName = "OpportunityReviewSessions";

    public ReviewTemplateStore Templates { get; } = new(service, time, TableName, defaultQuestions: OpportunityQuestionnaire.Questions);

    public ReviewSessionStore Sessions { get; } = new(service, SessionsTableName);
}
