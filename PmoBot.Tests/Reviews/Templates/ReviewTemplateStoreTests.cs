using Azure.Data.Tables;
using PmoBot.Reviews.Templates;

namespace PmoBot.Tests.Reviews.Templates;

public sealed class ReviewTemplateStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_first_read_of_an_empty_table_publishes_the_default_as_version_1_by_PmoBot()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();

        var current = await harness.Store.GetCurrentAsync(None);
        var again = await harness.NewStore().GetCurrentAsync(None);

        Assert.Equal((1, "PmoBot", ReviewTemplatesHarness.Start), (current.Version, current.PublishedBy, current.PublishedAt));
        Assert.True(ReviewTemplatePublisher.SameQuestions(DefaultTemplate.Questions, current.Questions));
        Assert.Equal((1, ReviewTemplatesHarness.Start), (again.Version, again.PublishedAt));
        Assert.Equal([1], await harness.StoredVersionsAsync());
    }

    [Fact]
    public async Task Instances_racing_on_an_empty_table_all_end_with_the_one_version_1()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => harness.NewStore()).ToList();

        var currents = await Task.WhenAll(stores.Select(s => s.GetCurrentAsync(None)));

        Assert.All(currents, c => Assert.Equal((1, "PmoBot"), (c.Version, c.PublishedBy)));
        Assert.Equal([1], await harness.StoredVersionsAsync());
    }

    [Fact]
    public async Task Publishing_adds_the_next_version_and_the_newest_is_current()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();
        var second = ReviewTemplatesHarness.Changed("Second version?");
        var third = ReviewTemplatesHarness.Changed("Third version?");

        var v2 = await harness.Store.PublishAsync(second, "Alex Wilber", None);
        harness.Time.Advance(TimeSpan.FromHours(2));
        var v3 = await harness.Store.PublishAsync(third, "Patti Fernandez", None);
        var current = await harness.NewStore().GetCurrentAsync(None);

        Assert.Equal((2, "Alex Wilber", ReviewTemplatesHarness.Start), (v2.Version, v2.PublishedBy, v2.PublishedAt));
        Assert.Equal((3, "Patti Fernandez", ReviewTemplatesHarness.Start.AddHours(2)), (current.Version, current.PublishedBy, current.PublishedAt));
        Assert.Equal("Third version?", current.Questions[0].Text);
        Assert.Equal(v3.Version, current.Version);
        Assert.Equal([3, 2, 1], await harness.StoredVersionsAsync());
    }

    [Fact]
    public async Task Any_published_version_can_be_read_and_an_unknown_one_is_null()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();
        await harness.Store.PublishAsync(ReviewTemplatesHarness.Changed("Second version?"), "Alex Wilber", None);
        await harness.Store.PublishAsync(ReviewTemplatesHarness.Changed("Third version?"), "Alex Wilber", None);
        var reader = harness.NewStore();

        Assert.Equal("Second version?", (await reader.GetAsync(2, None))!.Questions[0].Text);
        Assert.Equal(DefaultTemplate.Questions[0].Text, (await reader.GetAsync(1, None))!.Questions[0].Text);
        Assert.Null(await reader.GetAsync(4, None));
        Assert.Null(await reader.GetAsync(0, None));
        Assert.Null(await reader.GetAsync(-1, None));
    }

    [Fact]
    public async Task Versions_are_stored_as_the_template_json_under_row_keys_that_put_the_newest_first()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();
        var questions = ReviewTemplatesHarness.Changed("Second version?");

        await harness.Store.PublishAsync(questions, "Alex Wilber", None);

        var row = (await harness.Table.GetEntityAsync<TableEntity>(ReviewTemplateStore.Partition, ReviewTemplateStore.RowKeyFor(2))).Value;
        Assert.Equal(ReviewTemplateJson.Serialize(questions), row.GetString("Questions"));
        Assert.Equal(("Alex Wilber", 2), (row.GetString("PublishedBy"), row.GetInt32("Version")));
        Assert.Equal("2147483645", ReviewTemplateStore.RowKeyFor(2));
        Assert.True(string.CompareOrdinal(ReviewTemplateStore.RowKeyFor(10), ReviewTemplateStore.RowKeyFor(9)) < 0);
    }

    [Fact]
    public async Task A_version_once_read_is_served_from_memory()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();
        await harness.Store.PublishAsync(ReviewTemplatesHarness.Changed("Second version?"), "Alex Wilber", None);
        var reader = harness.NewStore();
        var first = await reader.GetAsync(2, None);

        await harness.Table.DeleteEntityAsync(ReviewTemplateStore.Partition, ReviewTemplateStore.RowKeyFor(2));

        Assert.Same(first, await reader.GetAsync(2, None));
        Assert.Equal("Second version?", (await harness.Store.GetAsync(2, None))!.Questions[0].Text);
        Assert.Null(await harness.NewStore().GetAsync(2, None));
    }

    [Fact]
    public async Task Two_publishers_racing_get_two_versions_and_neither_is_overwritten()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();
        await harness.Store.GetCurrentAsync(None);
        var (alex, patti) = (harness.NewStore(), harness.NewStore());

        var published = await Task.WhenAll(
            alex.PublishAsync(ReviewTemplatesHarness.Changed("Alex's question?"), "Alex", None),
            patti.PublishAsync(ReviewTemplatesHarness.Changed("Patti's question?"), "Patti", None));

        Assert.Equal([2, 3], published.Select(t => t.Version).Order());
        var reader = harness.NewStore();
        foreach (var template in published)
        {
            Assert.Equal($"{template.PublishedBy}'s question?", (await reader.GetAsync(template.Version, None))!.Questions[0].Text);
        }
    }

    [Fact]
    public async Task Many_publishers_racing_each_get_a_version_of_their_own()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();
        await harness.Store.GetCurrentAsync(None);

        var published = await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            harness.NewStore().PublishAsync(ReviewTemplatesHarness.Changed($"Publisher {i}?"), $"Publisher {i}", None)));

        Assert.Equal([2, 3, 4, 5, 6, 7], published.Select(t => t.Version).Order());
        Assert.Equal([7, 6, 5, 4, 3, 2, 1], await harness.StoredVersionsAsync());
        var reader = harness.NewStore();
        foreach (var template in published)
        {
            Assert.Equal($"{template.PublishedBy}?", (await reader.GetAsync(template.Version, None))!.Questions[0].Text);
        }
    }

    [Fact]
    public async Task Publishing_after_a_version_that_someone_else_followed_publishes_nothing()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();
        await harness.Store.GetCurrentAsync(None);

        var first = await harness.NewStore().TryPublishAfterAsync(1, ReviewTemplatesHarness.Changed("First after 1?"), "Alex", None);
        var second = await harness.NewStore().TryPublishAfterAsync(1, ReviewTemplatesHarness.Changed("Second after 1?"), "Patti", None);

        Assert.Equal(2, first!.Version);
        Assert.Null(second);
        Assert.Equal(("Alex", "First after 1?"), ((await harness.NewStore().GetCurrentAsync(None)).PublishedBy, (await harness.NewStore().GetAsync(2, None))!.Questions[0].Text));
    }

    [Fact]
    public async Task An_invalid_template_is_never_published()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            harness.Store.PublishAsync([new Question("overall", "Overall?", QuestionType.Rag, Required: false)], "Alex", None));

        Assert.Contains("No question is required", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await harness.Store.GetCurrentAsync(None)).Version);
    }

    [Fact]
    public async Task A_stored_version_stays_readable_when_the_rules_change_and_an_unreadable_one_is_reported()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();
        await harness.Store.GetCurrentAsync(None);
        var olderRules = ReviewTemplateJson.Serialize([new Question("overall", "Overall?", QuestionType.Rag, Required: false)]);
        await harness.Table.AddEntityAsync(Row(2, olderRules));
        await harness.Table.AddEntityAsync(Row(3, "{ not json"));

        var readable = await harness.Store.GetAsync(2, None);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => harness.Store.GetAsync(3, None));

        Assert.Equal("Overall?", Assert.Single(readable!.Questions).Text);
        Assert.StartsWith($"Review template version 3 in table {harness.TableName} cannot be read: The template is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    private static TableEntity Row(int version, string questions) => new(ReviewTemplateStore.Partition, ReviewTemplateStore.RowKeyFor(version))
    {
        ["Version"] = version,
        ["Questions"] = questions,
        ["PublishedBy"] = "An earlier PmoBot",
        ["PublishedAt"] = ReviewTemplatesHarness.Start,
    };
}
