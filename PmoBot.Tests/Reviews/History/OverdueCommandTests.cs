using PmoBot.People;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Reviews.History.ReviewHistoryHarness;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Reviews.History;

[Collection(OverdueListHead.Name)]
public sealed class OverdueCommandTests
{
    /// <summary>The newest weeks any test writes (see <see cref="OverdueListHead"/>): these rows open the overdue list.</summary>
    private const int Year = 9998;

    [Fact]
    public async Task The_portfolio_sees_missed_reviews_newest_first_twenty_a_page_with_a_more_button()
    {
        var harness = await CreateAsync();
        var leader = await harness.Projects.PersonAsync("Isaiah", Role.Leader);
        var project = NewProject();
        for (var week = 1; week <= 25; week++)
        {
            await harness.Missed.AddAsync(new MissedReview(project.Code, project.Name, project.Manager.UserKey, project.Manager.Name, new ReviewPeriod(Year, week), DeadlineOf(new ReviewPeriod(2026, 1))), None);
        }

        try
        {
            var first = (await harness.SayAsync(leader, "overdue")).Card!;
            var more = first["actions"]!.AsArray().Single()!["data"]!["command"]!.GetValue<string>();
            var second = (await harness.SayAsync(leader, more)).Card!;
            var secondAgain = (await harness.SayAsync(leader, "overdue page 2")).Card!;

            Assert.Equal("overdue 2", more);
            Assert.Equal(Facts((await harness.Missed.ListAsync(0, 20, None)).Items), FactsOf(first));
            // Past our 25 rows, page 2 holds other tests' current weeks, which they write while this runs.
            Assert.Equal(Facts((await harness.Missed.ListAsync(20, 5, None)).Items), FactsOf(second).Take(5));
            Assert.Equal(FactsOf(second), FactsOf(secondAgain));
            Assert.Equal("Reviews missed and not submitted since, newest week first (page 1).", TextsOf(first)[1]);

            // No other test writes this far ahead (and this one removes its rows), so ours fill page 1 and open page 2.
            var ours = Facts(Enumerable.Range(1, 25).Reverse().Select(w => new MissedReview(project.Code, project.Name, project.Manager.UserKey, project.Manager.Name, new ReviewPeriod(Year, w), default)));
            Assert.Equal(ours, FactsOf(first).Concat(FactsOf(second).Take(5)));
            await AdaptiveCardValidator.AssertAllValidAsync([("overdue page 1", first), ("overdue page 2", second)]);
        }
        finally
        {
            for (var week = 1; week <= 25; week++)
            {
                await harness.Missed.RemoveAsync(project.Code, new ReviewPeriod(Year, week), None);
            }
        }
    }

    private static IEnumerable<(string, string)> Facts(IEnumerable<MissedReview> items) =>
        items.Select(m => (ReviewHistoryText.Period(m.Period), $"{m.ProjectCode} {m.ProjectName} · PM {m.ManagerName}"));

    [Fact]
    public async Task A_late_submission_leaves_the_overdue_list()
    {
        var harness = await CreateAsync();
        var pmo = await harness.Projects.PersonAsync("Alex", Role.Pmo);
        var project = NewProject();
        var period = new ReviewPeriod(Year, 40);
        await harness.MissAsync(project, period);
        var before = FactsOf((await harness.SayAsync(pmo, "overdue")).Card!);

        await harness.SubmitAsync(project, period, Answers(Rag.Green, 10, 1_000));
        var after = await harness.SayAsync(pmo, "overdue");

        Assert.Contains((ReviewHistoryText.Period(period), $"{project.Code} {project.Name} · PM {project.Manager.Name}"), before);
        // On an otherwise empty list the answer is text, not a card: either way the project is gone from it.
        var listed = after.Card is null ? [] : FactsOf(after.Card);
        Assert.DoesNotContain(listed, f => f.Value.StartsWith(project.Code, StringComparison.Ordinal));
        Assert.DoesNotContain(project.Code, after.Text ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leader_limited_to_a_business_unit_sees_the_missed_reviews_of_that_unit_only()
    {
        var harness = await CreateAsync();
        var (leader, mine, visible, hidden) = await harness.LimitedLeaderAsync();
        var nothing = await harness.SayAsync(leader, "overdue");
        await harness.MissAsync(visible, Week10);
        await harness.MissAsync(hidden, Week10);

        var card = (await harness.SayAsync(leader, "overdue")).Card!;

        Assert.Equal(
            $"No overdue reviews on the projects you may see (business unit {mine} and the projects you manage): every missed review has been submitted since.",
            nothing.Text);
        Assert.Equal([(ReviewHistoryText.Period(Week10), $"{visible.Code} {visible.Name} · PM {visible.Manager.Name}")], FactsOf(card));
        Assert.NotEmpty(await harness.MissedOfAsync(hidden.Code));
    }

    [Fact]
    public async Task Overdue_is_for_the_portfolio_roles_and_explains_bad_pages()
    {
        var harness = await CreateAsync();
        var megan = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var admin = await harness.Projects.PersonAsync("Alex", Role.Admin);

        var refused = await harness.SayAsync(megan, "overdue");
        var bad = await harness.SayAsync(admin, "overdue two");
        var beyond = await harness.SayAsync(admin, "overdue 1000");

        Assert.StartsWith("**overdue** is for PMO, Leader or Admin", refused.Text, StringComparison.Ordinal);
        Assert.Equal("\"two\" is not a page number: pages go from 1 to 1,000, e.g. **overdue 2**. **overdue** alone shows the first.", bad.Text);
        Assert.Equal("There is no page 1000 of overdue reviews: there are fewer than that. Type **overdue** for the first page.", beyond.Text);
    }
}
