using Azure.Data.Tables;
using PmoBot.Lessons;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Lessons.LessonsHarness;

namespace PmoBot.Tests.Lessons;

/// <summary>The lessons library is kept in each instance and read again only after a lesson was added, on any instance.</summary>
public sealed class LessonStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_instance_keeps_the_library_until_a_lesson_is_added_here_or_on_another_instance()
    {
        var tableName = "Lessons" + Guid.NewGuid().ToString("N")[..12];
        var service = await AzuriteStorage.WithTablesAsync(tableName, PartitionVersionStore.TableName);
        var (here, elsewhere) = (new LessonStore(service, tableName), new LessonStore(service, tableName));
        var first = Lesson("cpi-low", "Rates drifted", Start);
        Assert.True(await elsewhere.AddAsync(first, None));
        Assert.Equal([first.Id], (await here.ListAsync(None)).Select(l => l.Id));

        // Removed behind the stores' backs (no version bump): the instance answers from what it keeps, which shows it
        // did not read the partition again; a newcomer, keeping nothing, reads the partition as it is now.
        await service.GetTableClient(tableName).DeleteEntityAsync(LessonStore.Partition, TableKey.Escape(first.Id.ToUpperInvariant()), cancellationToken: None);
        Assert.Equal([first.Id], (await here.ListAsync(None)).Select(l => l.Id));
        Assert.Empty(await new LessonStore(service, tableName).ListAsync(None));

        // A lesson added on the other instance bumps the version: the next read here is the partition as it is.
        var second = Lesson("spi-low", "Architect shared by three projects", Start.AddDays(3));
        Assert.True(await elsewhere.AddAsync(second, None));
        Assert.Equal([second.Id], (await here.ListAsync(None)).Select(l => l.Id));

        // And one added here is listed here at once, newest first.
        var third = Lesson("scope", "Change requests", Start.AddDays(9));
        Assert.True(await here.AddAsync(third, None));
        Assert.Equal([third.Id, second.Id], (await here.ListAsync(None)).Select(l => l.Id));
    }

    [Fact]
    public async Task Adding_a_lesson_whose_id_exists_changes_nothing_and_keeps_what_is_kept()
    {
        var tableName = "Lessons" + Guid.NewGuid().ToString("N")[..12];
        var service = await AzuriteStorage.WithTablesAsync(tableName, PartitionVersionStore.TableName);
        var store = new LessonStore(service, tableName);
        var lesson = Lesson("cpi-low", "Rates drifted", Start);
        Assert.True(await store.AddAsync(lesson, None));
        var versionAfterAdd = await new PartitionVersionStore(service).GetAsync(tableName, LessonStore.Partition, None);

        Assert.False(await store.AddAsync(lesson with { Title = "Another title" }, None));

        Assert.Equal(versionAfterAdd, await new PartitionVersionStore(service).GetAsync(tableName, LessonStore.Partition, None));
        Assert.Equal("Rates drifted", Assert.Single(await store.ListAsync(None)).Title);
    }
}
