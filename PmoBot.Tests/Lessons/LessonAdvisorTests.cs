using PmoBot.Lessons;
using static PmoBot.Tests.Lessons.LessonsHarness;

namespace PmoBot.Tests.Lessons;

public sealed class LessonAdvisorTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Same_category_comes_first_then_the_same_knowledge_area_then_shared_words_and_unrelated_lessons_are_left_out()
    {
        var harness = await CreateAsync();
        var olderCpi = await harness.AddAsync(Lesson("cpi-low", "Rates drifted", Start));
        var newerCpi = await harness.AddAsync(Lesson("cpi-low", "Burn rate unchecked", Start.AddDays(30)));
        var cost = await harness.AddAsync(Lesson("cost", "Cloud spend missing from baseline", Start.AddDays(60)));
        var words = await harness.AddAsync(Lesson("milestone-slip", "Hardware delivery slipped", Start.AddDays(10), "The vendor's hardware delivery was six weeks late."));
        await harness.AddAsync(Lesson("quality", "Testing squeezed", Start.AddDays(90), "User acceptance testing was cut."));

        var all = await harness.Advisor.RelevantAsync("cpi-low", "Vendor hardware deliveries are late", 10, None);
        var top = await harness.Advisor.RelevantAsync("cpi-low", "Vendor hardware deliveries are late", 3, None);

        Assert.Equal([newerCpi.Id, olderCpi.Id, cost.Id, words.Id], all.Select(s => s.Id));
        Assert.Equal([newerCpi.Id, olderCpi.Id, cost.Id], top.Select(s => s.Id));
        Assert.Equal(newerCpi.ContingencyActions, top[0].ContingencyActions);
    }

    [Fact]
    public void Within_a_category_more_shared_words_beat_a_newer_lesson_and_stop_words_count_for_nothing()
    {
        var older = Lesson("spi-low", "Architect shared by three projects", Start, "Design reviews queued for the only integration architect.");
        var newer = Lesson("spi-low", "Late start", Start.AddDays(100), "The team started late and it was all the same.");
        var unrelated = Lesson("scope", "Change requests", Start.AddDays(200), "And the, with them: all of this was not about that.");

        var ranked = LessonAdvisor.Rank([newer, older, unrelated], "spi-low", "Design reviews wait for the architect; and the team is not with it").ToList();

        Assert.Equal([older.Id, newer.Id], ranked.Select(l => l.Id));
    }

    [Fact]
    public async Task The_store_keeps_a_lesson_by_id_refuses_a_second_with_the_same_id_and_lists_newest_first()
    {
        var harness = await CreateAsync();
        var first = await harness.AddAsync(Lesson("risk", "First", Start, "Happened.", "Act one", "Act two"));
        var second = await harness.AddAsync(Lesson("time", "Second", Start.AddDays(1)));

        Assert.False(await harness.Store.AddAsync(first with { Title = "Overwrite?" }, None));
        var read = (await harness.Store.GetAsync(first.Id.ToLowerInvariant(), None))!;
        Assert.Equal("First", read.Title);
        Assert.Equal(first.ContingencyActions, read.ContingencyActions);
        Assert.Equal([second.Id, first.Id], (await harness.Store.ListAsync(None)).Select(l => l.Id));
        Assert.Null(await harness.Store.GetAsync("LL-NOPE", None));
    }

    [Fact]
    public async Task Demo_lessons_are_seeded_once_in_known_categories_and_the_cpi_warning_gets_the_two_cost_lessons_first()
    {
        var harness = await CreateAsync();

        Assert.Equal(DemoLessons.All(Start).Count, await harness.Seeder.SeedAsync(None));
        Assert.Equal(0, await harness.Seeder.SeedAsync(None));

        var lessons = await harness.Store.ListAsync(None);
        Assert.InRange(lessons.Count, 12, 14);
        Assert.All(lessons, l => Assert.True(LessonCategories.TryFind(l.Category, out _), l.Category));
        Assert.All(lessons, l => Assert.NotEmpty(l.ContingencyActions));
        var cpi = await harness.Advisor.RelevantAsync("cpi-low", null, 3, None);
        Assert.Equal(["cpi-low", "cost"], cpi.Select(s => s.Category));
    }
}
