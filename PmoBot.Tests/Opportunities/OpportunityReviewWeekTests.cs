using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Opportunities;

/// <summary>A delivery-risk review opened in chat is filed under the reviewer's own week, not UTC's.</summary>
public sealed class OpportunityReviewWeekTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_review_opened_on_sunday_evening_utc_in_kolkata_where_it_is_already_monday_is_in_kolkatas_week()
    {
        // Sunday 29 Nov 2026 20:00 UTC (ISO week 48) is Monday 30 Nov 01:30 in Kolkata (week 49).
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 20, 0, 0, TimeSpan.Zero));
        var h = await OpportunityHarness.CreateAsync();
        var service = await AzuriteStorage.WithTablesAsync(OpportunityTemplates.TableName, OpportunityTemplates.SessionsTableName, ReviewSessionStore.TableName);
        var templates = new OpportunityTemplates(service, time);
        var reviewer = new OpportunityReviewer(
            h.Register, h.Reviews, templates, h.Access, h.Lessons, new ReviewSessionStore(service), h.Projects.People.Directory,
            Options.Create(new OpportunitiesOptions()), time, NullLogger<OpportunityReviewer>.Instance);
        var patti = await h.Projects.PersonAsync("Patti", Role.ProjectManager) with { TimeZone = "Asia/Kolkata" };
        var code = "OPP-" + Random.Shared.Next(1000, 9999);
        await h.Register.CreateAsync(OpportunityHarness.Valid(code, patti), "t", None);

        var started = await reviewer.StartAsync(new CommandRequest(patti, code, ConversationKind.Personal, []), code, None);

        Assert.Contains("question 1 of", started.Text ?? string.Empty, StringComparison.Ordinal);
        var session = (await templates.Sessions.GetAsync(patti.UserKey, None))!.Session;
        Assert.Equal(ReviewPeriod.Of(new DateOnly(2026, 11, 30)), session.Period);
    }
}
