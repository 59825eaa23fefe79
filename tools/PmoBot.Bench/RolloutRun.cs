using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Teams;

namespace PmoBot.Bench;

/// <summary>
/// One run of the rollout benchmark: the bot with a connector simulator for the personal cards and a plain reply
/// connector for the echo floor; the PMs are stored with the project manager role and a personal chat each (as if each
/// had talked to the bot once); the PMO adds a process and publishes version 1 to all PMs from the card forms; the
/// rollout's fan-out is timed at the connector; then the acknowledgements and the echo at the same pace.
/// </summary>
internal sealed class RolloutRun(RolloutBenchmarkSettings settings)
{
    private const int SeedParallelism = 32;
    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(60);

    private readonly string runId = string.Create(CultureInfo.InvariantCulture, $"rollout-{DateTime.UtcNow:MMddHHmmss}-{Random.Shared.Next(0x10000):x4}");
    private readonly BenchProgress progress = new("rollout");

    public async Task<IReadOnlyList<Metric>> RunAsync(CancellationToken cancellationToken)
    {
        var limit = (int)Math.Floor(settings.Rate);
        var tables = new TableServiceClient(settings.StorageConnectionString);
        await using var simulator = await ConnectorSimulator.StartAsync(limit, failShare: 0, seed: 1, cancellationToken);
        await using var replies = await ReplyConnector.StartAsync(cancellationToken);
        progress.Report($"run {runId}: connector simulator on {simulator.ServiceUrl} at {limit}/s, echo connector on {replies.ServiceUrl}; starting PmoBot");
        await using var bot = await PmoBotProcess.StartAsync(
            new PmoBotSettings(settings.PmoBotDll, settings.StorageConnectionString, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [EchoEndpoint.Switch.Replace(":", "__", StringComparison.Ordinal)] = "true",
                ["Delivery__GlobalRatePerSecond"] = settings.Rate.ToString(CultureInfo.InvariantCulture),
            }),
            Path.Combine(settings.ArtifactsDirectory, $"bot-{runId}.log"),
            cancellationToken);
        using var http = PmoBotProcess.Client(InvokeTimeout);
        var messages = bot.Messages;
        var echo = bot.Echo;

        var pmo = BenchPm.Create("PMO", 1)[0];
        var pms = BenchPm.Create("R", settings.Pms);
        progress.Report($"storing {pms.Count} PMs with the project manager role and their personal chats");
        await SeedAsync(tables, pmo, pms, simulator.ServiceUrl, cancellationToken);

        var name = $"Risk management {runId}";
        var key = ProcessKey.From(name);
        await AddProcessAsync(http, messages, pmo, name, simulator.ServiceUrl, cancellationToken);
        var clock = Stopwatch.StartNew();
        await PublishAsync(http, messages, pmo, key, simulator.ServiceUrl, cancellationToken);
        progress.Report($"published {name} version 1 to all PMs; waiting for {pms.Count} personal cards");

        var cards = await WaitForCardsAsync(simulator, bot, pms, clock, cancellationToken);
        var times = cards.SelectMany(c => c.Value).Order().ToList();
        var rate = times.Count > 1 ? times.Count / (times[^1] - times[0]).TotalSeconds : 0;
        var lost = pms.Count(pm => cards[pm.ConversationId].Count == 0);
        var duplicated = pms.Count(pm => cards[pm.ConversationId].Count > 1);
        var timeline = Path.Combine(settings.ArtifactsDirectory, $"accepted-{runId}.csv");
        await simulator.Ledger.WriteCsvAsync(timeline, cancellationToken);
        progress.Report($"fan-out: {times.Count} cards over {(times.Count > 1 ? (times[^1] - times[0]).TotalSeconds : 0):0.0} s = {rate:0.00}/s; {lost} lost, {duplicated} sent twice, {simulator.Throttled} throttled (429); timeline in {timeline}");

        var pressing = pms.Take(settings.Acks).ToList();
        var window = TimeSpan.FromSeconds(settings.AckSeconds);
        progress.Report($"acknowledgements: {pressing.Count} PMs press the button within {window.TotalSeconds:0.#} s");
        var acked = await EventsRun.RunOpenLoopAsync(pressing.Select((pm, i) => (pm, window * i / pressing.Count)).ToList(), async pm =>
        {
            var data = new JsonObject
            {
                ["verb"] = RolloutCards.AcknowledgeVerb,
                [RolloutCards.ProcessField] = key,
                [RolloutCards.VersionField] = "1",
                [RolloutCards.CardField] = RolloutCard.First.Suffix,
            };
            var (status, body) = await EventsRun.InvokeAsync(http, messages, EventsRun.Invoke(pm, RolloutCards.AcknowledgeVerb, data, null, simulator.ServiceUrl), cancellationToken);
            return status == HttpStatusCode.OK && body.Contains("You confirmed", StringComparison.Ordinal) ? null : $"PM {pm.Number}: {(int)status} {EventsRun.Shorten(body)}";
        });
        progress.Report($"acknowledgements: {acked.Timings.Count} answered in {acked.Elapsed.TotalSeconds:0.0} s, {acked.Errors.Count} errors{(acked.Errors.Count > 0 ? $", e.g. {acked.Errors.First()}" : string.Empty)}");

        progress.Report($"echo: {pressing.Count} messages to {EchoEndpoint.Route} within {window.TotalSeconds:0.#} s");
        var echoed = await EventsRun.EchoAllAsync(http, echo, pressing, replies.ServiceUrl, window, cancellationToken);
        if (bot.HasExited)
        {
            throw bot.Exited("during the run");
        }

        var stored = await new RolloutStore(tables).ListPeopleAsync(key, 1, cancellationToken);
        var acknowledged = stored.Count(p => p.IsAcknowledged);
        var acks = new Latencies(acked.Timings);
        var floor = new Latencies(echoed.Timings);
        progress.Report($"done: {stored.Count} people in the rollout, {acknowledged} acknowledged in storage; the bot's log in {bot.LogPath}");
        return
        [
            new("pms", pms.Count),
            new("rate_per_s", rate),
            new("limit_per_s", limit),
            new("rate_ratio", rate / limit),
            new("lost", lost),
            new("duplicated", duplicated),
            new("throttled_429", simulator.Throttled),
            new("ack_p50_ms", acks.P50),
            new("ack_p99_ms", acks.P99),
            new("echo_p50_ms", floor.P50),
            new("echo_p99_ms", floor.P99),
            new("ack_p99_ratio", acks.P99 / floor.P99),
            new("ack_errors", acked.Errors.Count),
            new("acks_lost", pressing.Count - acknowledged),
        ];
    }

    /// <summary>The PMs and the PMO in the people directory with their roles, and a personal chat each pointing at the simulator.</summary>
    private static async Task SeedAsync(TableServiceClient tables, BenchPm pmo, IReadOnlyList<BenchPm> pms, Uri serviceUrl, CancellationToken cancellationToken)
    {
        var people = new PeopleDirectory(new UserStore(tables), new RoleMemberStore(tables), new UserLookupStore(tables), Options.Create(new RolesOptions()), TimeProvider.System);
        var addresses = new ConversationReferenceStore(tables);
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(
            pms.Select(pm => (Pm: pm, Role: Role.ProjectManager)).Prepend((pmo, Role.Pmo)),
            new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism, CancellationToken = cancellationToken },
            async (person, token) =>
            {
                var (pm, role) = person;
                await people.EnsureAsync(new UserProfile(pm.AadObjectId, pm.Name, pm.TeamsUserId, null, BenchPm.TimeZone, false, new HashSet<Role> { role }, now), token);
                await addresses.SaveAsync(
                    new ConversationAddress(ConversationKind.Personal, pm.ConversationId, serviceUrl.ToString(), BenchPm.TenantId, "msteams", TeamsMessage.BotId, TeamsMessage.BotName, pm.AadObjectId, pm.TeamsUserId, TeamId: null, Name: null, now),
                    token);
            });
    }

    private static async Task AddProcessAsync(HttpClient http, Uri messages, BenchPm pmo, string name, Uri serviceUrl, CancellationToken cancellationToken)
    {
        var data = new JsonObject
        {
            ["verb"] = ProcessCards.SaveVerb,
            [ProcessCards.NameField] = name,
            [ProcessCards.OwnerField] = pmo.AadObjectId,
            [ProcessCards.SummaryField] = "How risks are found, owned and reviewed on every project.",
            [ProcessCards.DocumentField] = "https://contoso.sharepoint.com/sites/pmo/risk.docx",
            [ProcessCards.AreasField] = "risk",
            [ProcessCards.StagesField] = "Planning,Execution",
        };
        await ExpectAsync(http, messages, EventsRun.Invoke(pmo, ProcessCards.SaveVerb, data, null, serviceUrl), "Publish its first version", "the process form", cancellationToken);
    }

    private static async Task PublishAsync(HttpClient http, Uri messages, BenchPm pmo, string key, Uri serviceUrl, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var data = new JsonObject
        {
            ["verb"] = VersionForm.PublishVerb,
            [VersionForm.KeyField] = key,
            [VersionForm.BasedOnField] = "0",
            [VersionForm.WhatChangedField] = "Every risk needs an owner and a review date.",
            [VersionForm.EffectiveField] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [VersionForm.AcknowledgeField] = "true",
            [VersionForm.AudienceKindField] = RolloutAudience.Name(AudienceKind.AllProjectManagers),
            [VersionForm.DueField] = today.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        await ExpectAsync(http, messages, EventsRun.Invoke(pmo, VersionForm.PublishVerb, data, null, serviceUrl), "Published version 1", "the publish form", cancellationToken);
    }

    private static async Task ExpectAsync(HttpClient http, Uri messages, string invoke, string expected, string what, CancellationToken cancellationToken)
    {
        var (status, body) = await EventsRun.InvokeAsync(http, messages, invoke, cancellationToken);
        if (status != HttpStatusCode.OK || !body.Contains(expected, StringComparison.Ordinal))
        {
            throw new BenchmarkFailedException($"{what} was not accepted ({(int)status}): {EventsRun.Shorten(body)}");
        }
    }

    /// <summary>Waits until every PM's chat has had a card, or nothing new arrived for 30 s; returns when each chat's cards arrived.</summary>
    private async Task<Dictionary<string, IReadOnlyList<TimeSpan>>> WaitForCardsAsync(ConnectorSimulator simulator, PmoBotProcess bot, IReadOnlyList<BenchPm> pms, Stopwatch clock, CancellationToken cancellationToken)
    {
        var seen = -1;
        var lastChange = clock.Elapsed;
        var lastReport = clock.Elapsed;
        while (true)
        {
            if (bot.HasExited)
            {
                throw bot.Exited("during the fan-out");
            }

            var cards = pms.ToDictionary(pm => pm.ConversationId, pm => simulator.Ledger.AcceptedIn(pm.ConversationId), StringComparer.Ordinal);
            var reached = cards.Count(c => c.Value.Count > 0);
            if (reached != seen)
            {
                (seen, lastChange) = (reached, clock.Elapsed);
            }

            // A second more after the last PM's card, so a card sent twice has the chance to show.
            if ((reached == pms.Count && clock.Elapsed - lastChange > TimeSpan.FromSeconds(1)) || clock.Elapsed - lastChange > TimeSpan.FromSeconds(30) || clock.Elapsed > settings.Timeout)
            {
                return cards;
            }

            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = clock.Elapsed;
                progress.Report($"{reached} of {pms.Count} PMs have their card, {simulator.Throttled} throttled (429)");
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
