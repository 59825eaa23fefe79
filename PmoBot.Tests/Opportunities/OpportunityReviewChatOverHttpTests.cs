using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Opportunities.OpportunitiesOverHttpTests;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Opportunities;

/// <summary>The delivery-risk review in chat, over HTTP: commands in the middle of it, pause and resume, a second submit, named owners.</summary>
public sealed class OpportunityReviewChatOverHttpTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<string> LastTextAsync(EventsHttpRun run, TestPerson who, string text) =>
        (await run.SayAsync(who, text))[^1].Text ?? string.Empty;

    [Fact]
    public async Task A_command_the_caller_may_not_use_typed_at_a_scored_question_is_run_as_a_command_and_the_question_waits()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (_, pattiUser) = await run.PersonAsync("Patti", Role.ProjectManager);
        var (_, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (code, _) = await AddAsync(run, alex, pattiUser, meganUser, $"Unit {Guid.NewGuid():N}"[..13]);
        Assert.Contains("question 1 of 17", await LastTextAsync(run, alex, $"opportunity review {code}"), StringComparison.Ordinal);
        foreach (var answer in new[] { "No", "No", "No", "No", "No", "4", "4" })
        {
            await run.SayAsync(alex, answer);
        }

        Assert.Contains("question 9 of 17", await LastTextAsync(run, alex, "4"), StringComparison.Ordinal);

        var command = await LastTextAsync(run, alex, $"opportunity override {code} because");

        Assert.Contains("**opportunity override** is for Leader", command, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a number", command, StringComparison.Ordinal);
        Assert.Contains("Open opportunities", TextsOf((await run.SayAsync(alex, "opportunities"))[^1].Card!)[0], StringComparison.Ordinal);
        Assert.Contains("question 10 of 17", await LastTextAsync(run, alex, "4"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Words_that_are_no_command_at_a_scored_question_are_still_told_what_the_question_takes()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (_, pattiUser) = await run.PersonAsync("Patti", Role.ProjectManager);
        var (code, _) = await AddAsync(run, alex, pattiUser, null, $"Unit {Guid.NewGuid():N}"[..13]);
        await run.SayAsync(alex, $"opportunity review {code}");
        foreach (var answer in new[] { "No", "No", "No", "No", "No" })
        {
            await run.SayAsync(alex, answer);
        }

        var notANumber = await LastTextAsync(run, alex, "override because");

        Assert.Contains("is not a number", notANumber, StringComparison.Ordinal);
        Assert.Contains("question 7 of 17", await LastTextAsync(run, alex, "4"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_continues_a_paused_review_and_a_second_submit_is_told_the_review_was_already_submitted()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (_, pattiUser) = await run.PersonAsync("Patti", Role.ProjectManager);
        var (code, _) = await AddAsync(run, alex, pattiUser, null, $"Unit {Guid.NewGuid():N}"[..13]);
        await run.SayAsync(alex, $"opportunity review {code}");
        await run.SayAsync(alex, "No");
        await run.SayAsync(alex, "No");

        Assert.Contains($"Paused your review of **{code}**", await LastTextAsync(run, alex, "pause"), StringComparison.Ordinal);
        Assert.Contains("Open opportunities", TextsOf((await run.SayAsync(alex, "opportunities"))[^1].Card!)[0], StringComparison.Ordinal);
        var resumed = await LastTextAsync(run, alex, "resume");

        Assert.Contains("Back to your review of", resumed, StringComparison.Ordinal);
        Assert.Contains(code, resumed, StringComparison.Ordinal);
        Assert.Contains("question 3 of 17", resumed, StringComparison.Ordinal);
        foreach (var answer in Answers("No,No,No", AllFours, "none", "none"))
        {
            await run.SayAsync(alex, answer);
        }

        var result = (await run.SayAsync(alex, "submit"))[^1].Card!;
        Assert.Equal($"{code} · Claims portal rebuild: Go", TextsOf(result)[0]);
        var again = (await run.SayAsync(alex, "submit"))[^1];

        Assert.DoesNotContain("I don't know the command", again.Text ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("This review was already submitted; nothing changed.", TextsOf(again.Card!));
        Assert.Single(await run.Get<OpportunityReviewStore>().ListAsync(code, None));
        // The submitted review is no longer open: the chat is for commands, and there is nothing to resume.
        Assert.Contains("You have no review open", await LastTextAsync(run, alex, "resume"), StringComparison.Ordinal);
        Assert.Contains("question 1 of 17", await LastTextAsync(run, alex, $"opportunity review {code}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_risk_owner_typed_as_a_known_person_s_first_name_shows_as_their_name_and_deal_killers_read_with_a_capital()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (_, pattiUser) = await run.PersonAsync("Patti", Role.ProjectManager);
        var first = "Megan" + string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('a' + Random.Shared.Next(26))));
        var (_, owner) = await run.PersonAsync(first, Role.ProjectManager);
        var (code, _) = await AddAsync(run, alex, pattiUser, null, $"Unit {Guid.NewGuid():N}"[..13]);

        var result = await ReviewInChatAsync(run, alex, code, Answers("Yes,No,No,No,No", AllFours, "none", $"Key architect unavailable owner: {first.ToLowerInvariant()} plan: pair with the vendor's architect (M/H); Data migration late owner: Nobody Known plan: start early (L/M)"));

        Assert.Contains($"Owner {owner.Name}. Contingency: pair with the vendor's architect", TextsOf(result));
        Assert.Contains("Owner Nobody Known. Contingency: start early", TextsOf(result));
        Assert.Contains(TextsOf(result), t => t.StartsWith("- Does the contract ask for unlimited liability?", StringComparison.Ordinal));
    }
}
