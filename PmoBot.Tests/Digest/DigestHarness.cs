using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PmoBot.Alerts;
using PmoBot.Digest;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Processes;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Digest;

/// <summary>
/// The real app over HTTP (<see cref="ProcessesHttpRun"/>: its own outbox queues and PMO alert channel table) with a
/// Digest table of its own, so the weeks it records are this test's. Everything else is the shared storage account:
/// tests use their own project codes and business units and look only at their own lines.
/// </summary>
internal static class DigestHarness
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <param name="replaceServices">Further services to replace (an edge the test cannot run, such as Entra ID).</param>
    public static async Task<ProcessesHttpRun> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? replaceServices = null)
    {
        var table = ProcessesHarness.FreshTable("Digest");
        await AzuriteStorage.WithTablesAsync(table);
        return await ProcessesHttpRun.StartAsync(settings, services =>
        {
            services.RemoveAll<DigestStore>();
            services.AddSingleton(sp => new DigestStore(sp.GetRequiredService<TableServiceClient>(), table));
            replaceServices?.Invoke(services);
        });
    }

    /// <summary>
    /// Gives this run's PMO an alert channel: without one the PMO's copy goes to every PMO member of the shared storage
    /// account, whose conversations belong to other tests.
    /// </summary>
    public static Task PmoChannelAsync(ProcessesHttpRun run, string? channelId = null) =>
        run.Get<AlertChannelStore>().SetAsync(new AlertChannel(channelId ?? $"19:digest-{Guid.NewGuid():N}@thread.tacv2", "PMO", "test", DateTimeOffset.UtcNow), None);

    /// <summary>Stores <paramref name="person"/> (who has used PmoBot before) with <paramref name="roles"/>.</summary>
    public static Task<PmoUser> StoreAsync(ProcessesHttpRun run, TestPerson person, params Role[] roles) =>
        run.Get<PeopleDirectory>().EnsureAsync(
            new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, null, "Europe/London", false, roles.ToHashSet(), DateTimeOffset.UtcNow), None);

    public static async Task<Project> ProjectAsync(ProcessesHttpRun run, PmoUser pm, string businessUnit, ReviewCadence cadence = ReviewCadence.Weekly)
    {
        var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(), pm, businessUnit: businessUnit) with { Cadence = cadence };
        Assert.IsType<ProjectSaveResult.Saved>(await run.Get<ProjectRegister>().CreateAsync(project, "test", None));
        return project;
    }

    /// <summary>A submitted review of the week with this overall RAG, forecasting the next milestone (Go-live) for <paramref name="goLive"/>.</summary>
    public static Task<SubmitOutcome> ReviewAsync(ProcessesHttpRun run, Project project, ReviewPeriod week, Rag overall, DateOnly? goLive = null)
    {
        var answers = new Dictionary<string, string> { [WellKnownQuestions.Overall] = ReviewAnswers.Canonical(overall) };
        if (goLive is { } date)
        {
            answers[WellKnownQuestions.NextMilestone] = "Go-live";
            answers[WellKnownQuestions.NextMilestoneDate] = ReviewAnswers.Canonical(date);
        }

        return run.Get<ReviewHistory>().SubmitAsync(
            new ReviewSubmission(project, week, 1, ReviewAnswers.From(answers), project.Manager.UserKey, project.Manager.Name, Guid.NewGuid().ToString("N"), week.Monday),
            None);
    }

    /// <summary>The digest card's lines (the containers that open a card), as (text, the command they send).</summary>
    public static IReadOnlyList<(string Text, string Command)> LinesOf(JsonObject card) =>
        card["body"]!.AsArray()
            .Where(e => e?["selectAction"] is not null)
            .Select(e => (e!["items"]![0]!["text"]!.GetValue<string>(), e["selectAction"]!["data"]!["command"]!.GetValue<string>()))
            .ToList();

    /// <summary>The section headings of the card, e.g. <c>Turned red or amber (1)</c>.</summary>
    public static IReadOnlyList<string> HeadingsOf(JsonObject card) =>
        card["body"]!.AsArray()
            .Where(e => e?["weight"]?.GetValue<string>() == "Bolder" && e["size"] is null)
            .Select(e => e!["text"]!.GetValue<string>())
            .ToList();
}
