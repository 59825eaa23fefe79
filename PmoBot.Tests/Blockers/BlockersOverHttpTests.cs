using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Blockers;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.Schedule;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Processes;
using PmoBot.Tests.Projects;
using PmoBot.Tests.Reviews.CheckIn;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Blockers;

/// <summary>
/// The issue and decision register over real HTTP with the app's own wiring: a review's answers raise the items, the
/// next week's round shows them to the PM first, the buttons close, keep open and reassign them, the new owner gets
/// their card and asks for help, and <c>blockers</c> lists what is open for the PMO (and refuses a PM).
/// </summary>
public sealed class BlockersOverHttpTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Issues_and_decisions_carry_over_into_next_weeks_review_and_are_settled_from_the_cards()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (olga, olgaUser) = await run.PersonAsync("Olga", Role.ProjectManager);
        var (stranger, _) = await run.PersonAsync("Sam", Role.ProjectManager);
        var code = ProjectsHarness.NewCode();
        Assert.IsType<ProjectSaveResult.Saved>(await run.Get<ProjectRegister>().CreateAsync(ProjectsHarness.Valid(code, meganUser), "test", None));

        // Week one: the review's answers raise two issues and a decision needed, owned by the PM.
        await ReviewAsync(run, megan, "Vendor API is late; Test environment down", "Budget change approval from the CFO");
        var store = run.Get<BlockerStore>();
        var raised = Blocker.OldestFirst(await store.ListForProjectAsync(code, None));
        Assert.Equal(["Vendor API is late", "Test environment down", "Budget change approval from the CFO"], raised.Select(b => b.Text));
        Assert.All(raised, b => Assert.Equal((meganUser.UserKey, BlockerState.Open), (b.OwnerKey, b.State)));
        Assert.NotNull(raised.Single(b => b.Kind == BlockerKind.Decision).DueDate);
        Assert.Contains("**blockers** is for", (await run.SayAsync(megan, "blockers")).Text, StringComparison.Ordinal);

        // Week two: the round sends the open items before the questions.
        var thisWeek = (await run.Get<ReviewSessionStore>().GetAsync(meganUser.UserKey, None))?.Session.Period
            ?? ReviewPeriod.Of(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        var nextWeek = thisWeek.Next;
        await run.Get<IReviewDueHandler>().HandleAsync(new ReviewDueEntry(DateTimeOffset.UtcNow, ReviewDueKind.Open, meganUser.UserKey, nextWeek, []), None);
        var carried = (await run.Get<Outbox>().FindAsync($"review-blockers|{meganUser.UserKey}|{nextWeek}", None))!;
        Assert.Equal(meganUser.UserKey, carried.Target.Key);
        await AdaptiveCardValidator.AssertValidAsync("open items before the review", carried.Card!);
        var items = Items(carried.Card!);
        Assert.Equal(3, items.Count);
        Assert.NotNull(await run.Get<Outbox>().FindAsync($"review-open|{meganUser.UserKey}|{nextWeek}", None));

        // Someone with no part in it is refused; the PM resolves the first item.
        var refused = await run.PressAsync(stranger, items[0], "Resolved");
        Assert.Equal(BlockerCardAction.NotYoursMessage, refused["value"]!.GetValue<string>());
        var resolved = await run.PressAsync(megan, items[0], "Resolved");
        Assert.Contains(TextsOf(CardOf(resolved)), t => t.StartsWith($"Closed by {meganUser.Name}", StringComparison.Ordinal));
        var closed = (await store.ListForProjectAsync(code, None)).Single(b => !b.IsOpen);
        Assert.Equal(meganUser.Name, closed.ClosedByName);
        Assert.NotNull(closed.ClosedAt);

        // Still open with a new date, then the decision handed to Olga, who gets her own card and asks for help.
        var newDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
        var kept = await run.PressAsync(megan, items[1], "Keep open", new Dictionary<string, string?> { ["due-2"] = newDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        Assert.Contains(TextsOf(CardOf(kept)), t => t.StartsWith("Still open, now due", StringComparison.Ordinal));
        var decision = raised.Single(b => b.Kind == BlockerKind.Decision);
        await run.PressAsync(megan, items[2], "Assign", new Dictionary<string, string?> { ["owner-3"] = olgaUser.Name });
        var olgasCard = (await run.Get<Outbox>().FindAsync($"blocker-owner|{code}|{decision.Id}|{olgaUser.UserKey}", None))!;
        Assert.Equal(olgaUser.UserKey, olgasCard.Target.Key);
        await AdaptiveCardValidator.AssertValidAsync("owner's blocker card", olgasCard.Card!);
        Assert.Equal(["Done", "Need help", "Reassign", "Assign", "Still open", "Keep open"], ProcessesHarness.ActionsOf(olgasCard.Card!).Select(a => a["title"]!.GetValue<string>()));
        await run.PressAsync(olga, olgasCard.Card!, "Need help");
        Assert.Equal(meganUser.UserKey, (await run.Get<Outbox>().FindAsync($"blocker-help|{code}|{decision.Id}", None))!.Target.Key);

        // The PMO's list: the two still open, oldest first, with owner and age; (a PM was refused the command above).
        var list = await run.SayAsync(alex, $"blockers {code}");
        var facts = FactsOf(CardOf(list.Body)).ToList();
        Assert.Equal(2, facts.Count);
        Assert.Contains(facts, f => f.Value.Contains("Budget change approval from the CFO · owner " + olgaUser.Name, StringComparison.Ordinal));
        Assert.DoesNotContain(facts, f => f.Value.Contains("Vendor API", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("blockers list", CardOf(list.Body));
        Assert.Contains(code, (await run.SayAsync(alex, "blockers")).Body.ToJsonString(), StringComparison.Ordinal);

        // Week two's review keeps last week's answer: nothing open is raised twice, the new line is.
        await ReviewAsync(run, megan, "Test environment down; Security sign-off pending", "Budget change approval from the CFO");
        var after = await store.ListForProjectAsync(code, None);
        Assert.Equal(4, after.Count);
        Assert.Single(after, b => b.Text == "Test environment down");
        Assert.Single(after, b => b.Text == "Security sign-off pending" && b.IsOpen);
    }

    [Fact]
    public async Task A_business_unit_with_nothing_open_is_told_apart_from_one_that_does_not_exist()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (_, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var unit = "Unit " + Guid.NewGuid().ToString("N")[..8];
        var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(), meganUser) with { BusinessUnit = unit };
        Assert.IsType<ProjectSaveResult.Saved>(await run.Get<ProjectRegister>().CreateAsync(project, "test", None));
        var nowhere = "nowhere-" + Guid.NewGuid().ToString("N")[..8];

        var quiet = await run.SayAsync(alex, $"blockers {unit.ToUpperInvariant()}");
        var unknown = await run.SayAsync(alex, $"blockers {nowhere}");

        Assert.StartsWith($"No open issues or decisions on business unit {unit}.", quiet.Text, StringComparison.Ordinal);
        Assert.StartsWith($"No business unit or project code matches \"{nowhere}\". The business units you can see ", unknown.Text, StringComparison.Ordinal);
        Assert.EndsWith("Type **blockers** for everything open that you can see.", unknown.Text, StringComparison.Ordinal);
    }

    /// <summary>Answers the PM's open (or new) review in chat, with these issues and decisions, and submits it.</summary>
    private static async Task ReviewAsync(ProcessesHttpRun run, TestPerson pm, string issues, string decisions)
    {
        await run.SayAsync(pm, "review");
        var session = (await run.Get<ReviewSessionStore>().GetAsync(pm.AadObjectId, None))!.Session;
        var template = (await run.Get<ReviewTemplateStore>().GetAsync(session.TemplateVersion, None))!;
        for (var step = session.Step; step < template.Questions.Count; step++)
        {
            var question = template.Questions[step];
            await run.SayAsync(pm, question.Id switch
            {
                WellKnownQuestions.Issues => issues,
                WellKnownQuestions.Decisions => decisions,
                _ => CheckInHarness.AnswerFor(question),
            });
        }

        // The early-warning note this review raises may reach the chat before the answer does: find the answer.
        var before = run.Connector.Sent.Count;
        var first = await run.SayAsync(pm, "submit");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!run.Connector.Sent.Skip(before).Any(a => a.ConversationId == first.ConversationId && a.Body.ToJsonString().Contains("Submitted", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no answer saying Submitted; first was {first.Body.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Each item of the carry-over card as a card of its own buttons (the card's inputs are per item).</summary>
    private static List<JsonObject> Items(JsonObject card) =>
        card["body"]!.AsArray()
            .Where(n => n?["type"]?.GetValue<string>() == "Container")
            .Select(c => new JsonObject { ["body"] = new JsonArray(), ["actions"] = c!["items"]!.AsArray().Single(i => i?["type"]?.GetValue<string>() == "ActionSet")!["actions"]!.DeepClone() })
            .ToList();

    private static JsonObject CardOf(JsonObject invokeOrActivity) =>
        invokeOrActivity["value"] as JsonObject ?? invokeOrActivity["attachments"]![0]!["content"]!.AsObject();
}
