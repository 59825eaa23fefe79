using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using static PmoBot.Tests.Reviews.History.ReviewHistoryHarness;

namespace PmoBot.Tests.Reviews.History;

public sealed class LatestStatusStoreTests
{
    [Fact]
    public async Task Every_field_reads_back_as_written_and_the_portfolio_lists_it()
    {
        var harness = await CreateAsync();
        var status = Status(NewProject().Code);

        await harness.Statuses.UpdateAsync(status.ProjectCode, (_, _) => Task.FromResult<LatestStatus?>(status), None);
        var read = (await harness.Statuses.GetAsync(status.ProjectCode.ToLowerInvariant(), None))!;
        var listed = (await harness.Statuses.ListAsync(None)).Single(s => s.ProjectCode == status.ProjectCode);

        Assert.Equal(status with { Dimensions = read.Dimensions, TopRisks = read.TopRisks }, read);
        Assert.Equal(status.Dimensions, read.Dimensions);
        Assert.Equal(status.TopRisks, read.TopRisks);
        Assert.Equal(status.EarnedValue, listed.EarnedValue);
        Assert.Equal(RagTrend.Worsening, read.Trend);
        Assert.Equal(new DimensionRag(WellKnownQuestions.Cost, Rag.Red, Rag.Amber), read.Dimension("COST"));
    }

    [Fact]
    public async Task A_status_written_meanwhile_is_read_again_and_never_overwritten_blindly()
    {
        var harness = await CreateAsync();
        var code = NewProject().Code;
        await harness.Statuses.UpdateAsync(code, (_, _) => Task.FromResult<LatestStatus?>(Status(code) with { ConsecutiveMissed = 0 }), None);
        var seen = new List<int>();

        var result = await harness.Statuses.UpdateAsync(
            code,
            async (current, ct) =>
            {
                seen.Add(current!.ConsecutiveMissed);
                if (seen.Count == 1)
                {
                    // Another writer gets in between our read and our write.
                    await harness.Statuses.UpdateAsync(code, (c, _) => Task.FromResult<LatestStatus?>(c! with { ConsecutiveMissed = c.ConsecutiveMissed + 10 }), ct);
                }

                return current with { ConsecutiveMissed = current.ConsecutiveMissed + 1 };
            },
            None);

        Assert.Equal([0, 10], seen);
        Assert.Equal(11, result!.ConsecutiveMissed);
        Assert.Equal(11, (await harness.Statuses.GetAsync(code, None))!.ConsecutiveMissed);
    }

    [Fact]
    public async Task A_status_without_reviews_keeps_its_empty_fields_empty()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        var empty = LatestStatusBuilder.Build(project, [ReviewRecord.Missed(project.Code, Week10, DeadlineOf(Week10))]);

        await harness.Statuses.UpdateAsync(project.Code, (_, _) => Task.FromResult<LatestStatus?>(empty), None);
        var read = (await harness.Statuses.GetAsync(project.Code, None))!;

        Assert.Equal(empty with { Dimensions = read.Dimensions, TopRisks = read.TopRisks }, read);
        Assert.Equal((null, null, null, 0, 1, Week10), (read.Overall, read.EarnedValue, read.LastReviewPeriod, read.TopRisks.Count, read.ConsecutiveMissed, read.LastMissedPeriod));
        Assert.All(read.Dimensions, d => Assert.Equal((null, null), (d.Current, d.Previous)));
        Assert.Equal(RagTrend.Unknown, read.Trend);
    }

    [Fact]
    public async Task Two_instances_each_keeping_the_portfolio_see_every_change_the_other_makes_in_any_order()
    {
        var service = await Tests.TestSupport.AzuriteStorage.WithTablesAsync(LatestStatusStore.TableName, PmoBot.Storage.PartitionVersionStore.TableName);
        var (one, two) = (new LatestStatusStore(service), new LatestStatusStore(service));
        var codes = Enumerable.Range(0, 6).Select(_ => NewProject().Code).ToList();
        var random = new Random(20261205);

        // A random sequence of writes on either instance, each followed by reads on both: what each lists must be
        // what a newcomer (nothing kept) reads from storage, row for row.
        for (var step = 0; step < 40; step++)
        {
            var writer = random.Next(2) == 0 ? one : two;
            var code = codes[random.Next(codes.Count)];
            var missed = random.Next(5);
            await writer.UpdateAsync(code, (current, _) => Task.FromResult<LatestStatus?>((current ?? Status(code)) with { ConsecutiveMissed = missed }), None);

            var truth = Mine(await new LatestStatusStore(service).ListAsync(None), codes);
            Assert.Equal(truth, Mine(await one.ListAsync(None), codes));
            Assert.Equal(truth, Mine(await two.ListAsync(None), codes));
            Assert.Equal(missed, truth[code]);
        }
    }

    [Fact]
    public async Task A_portfolio_nobody_changed_is_not_read_again_but_one_changed_elsewhere_is()
    {
        var service = await Tests.TestSupport.AzuriteStorage.WithTablesAsync("Snapshot" + Guid.NewGuid().ToString("N")[..12], PmoBot.Storage.PartitionVersionStore.TableName);
        var versions = new PmoBot.Storage.PartitionVersionStore(service);
        var (tableName, loads) = ("Snapshot" + Guid.NewGuid().ToString("N")[..12], 0);
        var snapshot = new PmoBot.Storage.PartitionSnapshot<string>(versions, tableName, "p", _ => Task.FromResult($"load {Interlocked.Increment(ref loads)}"));

        // Never bumped: nothing tells a change, so every read goes to storage.
        Assert.Equal("load 1", await snapshot.GetAsync(None));
        Assert.Equal("load 2", await snapshot.GetAsync(None));

        await versions.BumpAsync(tableName, "p", None);
        Assert.Equal("load 3", await snapshot.GetAsync(None));
        Assert.Equal("load 3", await snapshot.GetAsync(None));

        // Another instance's write bumps the version: the next read loads again, once.
        await new PmoBot.Storage.PartitionVersionStore(service).BumpAsync(tableName, "p", None);
        Assert.Equal("load 4", await snapshot.GetAsync(None));
        Assert.Equal("load 4", await snapshot.GetAsync(None));
        await snapshot.ChangedAsync(None);
        Assert.Equal("load 5", await snapshot.GetAsync(None));
    }

    private static Dictionary<string, int> Mine(IReadOnlyList<LatestStatus> statuses, IReadOnlyList<string> codes) =>
        statuses.Where(s => codes.Contains(s.ProjectCode)).ToDictionary(s => s.ProjectCode, s => s.ConsecutiveMissed);

    private static LatestStatus Status(string code)
    {
        var project = NewProject() with { Code = code };
        return new LatestStatus(
            code,
            project.Name,
            "Digital",
            project.Manager.UserKey,
            project.Manager.Name,
            "deputy-key",
            Rag.Amber,
            Rag.Green,
            WellKnownQuestions.Dimensions.Select(d => new DimensionRag(d, d == WellKnownQuestions.Cost ? Rag.Red : Rag.Green, d == WellKnownQuestions.Cost ? Rag.Amber : null)).ToList(),
            42.5m,
            EarnedValueCalculator.Compute(project, Answers(Rag.Amber, 42.5m, 500_000, 1_300_000), new DateOnly(2026, 3, 6)),
            "Go-live",
            new DateOnly(2026, 10, 15),
            [new RiskEntry("Vendor late", RiskLevel.High, RiskLevel.High), new RiskEntry("Key person leaves", RiskLevel.Low, RiskLevel.High)],
            "Test environment unstable",
            "Approve the extra sprint",
            "Behind on integration.",
            Week10,
            project.Manager.UserKey,
            project.Manager.Name,
            new DateTimeOffset(2026, 3, 6, 10, 0, 0, TimeSpan.Zero),
            2,
            new ReviewPeriod(2026, 12));
    }
}
