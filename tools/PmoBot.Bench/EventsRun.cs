using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Development.Events;
using PmoBot.People;
using PmoBot.Teams;

namespace PmoBot.Bench;

/// <summary>
/// One run of the events benchmark: the bot with a connector simulator that enforces Teams' limits for the channel, a
/// plain reply connector for the echo floor; a PMO member creates the event from the form and posts it to a channel;
/// then the storm, the settling of the card, and the echo at the same pace.
/// </summary>
internal sealed class EventsRun(EventsBenchmarkSettings settings)
{
    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(60);

    private readonly string runId = string.Create(CultureInfo.InvariantCulture, $"events-{DateTime.UtcNow:MMddHHmmss}-{Random.Shared.Next(0x10000):x4}");
    private readonly BenchProgress progress = new("events");

    public async Task<IReadOnlyList<Metric>> RunAsync(CancellationToken cancellationToken)
    {
        var tables = new TableServiceClient(settings.StorageConnectionString);
        await using var simulator = await ConnectorSimulator.StartAsync(globalPerSecond: 30, failShare: 0, seed: 1, cancellationToken);
        await using var replies = await ReplyConnector.StartAsync(cancellationToken);
        progress.Report($"run {runId}: connector simulator on {simulator.ServiceUrl}, echo connector on {replies.ServiceUrl}; starting PmoBot");
        await using var bot = await PmoBotProcess.StartAsync(
            new PmoBotSettings(settings.PmoBotDll, settings.StorageConnectionString, new Dictionary<string, string>(StringComparer.Ordinal) { [EchoEndpoint.Switch.Replace(":", "__", StringComparison.Ordinal)] = "true" }),
            Path.Combine(settings.ArtifactsDirectory, $"bot-{runId}.log"),
            cancellationToken);
        using var http = PmoBotProcess.Client(InvokeTimeout);
        var messages = bot.Messages;
        var echo = bot.Echo;

        var pmo = BenchPm.Create("PMO", 1)[0];
        var people = new PeopleDirectory(new UserStore(tables), new RoleMemberStore(tables), new UserLookupStore(tables), Options.Create(new RolesOptions()), TimeProvider.System);
        await people.EnsureAsync(new UserProfile(pmo.AadObjectId, pmo.Name, pmo.TeamsUserId, null, BenchPm.TimeZone, false, new HashSet<Role> { Role.Pmo }, DateTimeOffset.UtcNow), cancellationToken);
        var channelId = $"19:bench-{Guid.NewGuid():N}@thread.tacv2";
        await PostAsync(http, messages, ChannelMessage(pmo, channelId, simulator.ServiceUrl, "help"), cancellationToken);
        var conversations = new ConversationReferenceStore(tables);
        if (await conversations.GetAsync(ConversationKind.Channel, channelId, cancellationToken) is null)
        {
            throw new BenchmarkFailedException($"the bot did not keep the channel's address after a message there; see {bot.LogPath}");
        }

        var storm = await CreateEventAsync(http, messages, pmo, channelId, simulator.ServiceUrl, settings.Capacity, post: true, cancellationToken);
        var warmupEvent = await CreateEventAsync(http, messages, pmo, channelId, simulator.ServiceUrl, Math.Max(1, settings.WarmupPresses / 2), post: false, cancellationToken);
        var deliveries = new DeliveryStore(tables);
        var postKey = EventPoster.PostKey(storm, channelId);
        var posted = await WaitForAsync(() => deliveries.GetAsync(postKey, cancellationToken), d => d is { Status: DeliveryStatus.Sent }, TimeSpan.FromSeconds(60), cancellationToken)
            ?? throw new BenchmarkFailedException($"the event card was not posted to the channel; see {bot.LogPath}");
        progress.Report($"event {storm} ({settings.Capacity} places) posted as activity {posted.SentActivityId} in {channelId}");

        var warmupPms = BenchPm.Create("W", settings.WarmupPresses);
        var pms = BenchPm.Create("E", settings.Pms);
        await EnsureProjectManagersAsync(people, warmupPms.Concat(pms), cancellationToken);
        progress.Report($"warming up: {warmupPms.Count} presses on {warmupEvent} and as many echo messages");
        var warm = await PressAllAsync(http, messages, warmupPms, warmupEvent, channelId, simulator.ServiceUrl, TimeSpan.FromSeconds(2), 0, cancellationToken);
        var warmEcho = await EchoAllAsync(http, echo, warmupPms, replies.ServiceUrl, TimeSpan.FromSeconds(2), cancellationToken);
        if (warm.Errors.Count > 0 || warmEcho.Errors.Count > 0)
        {
            throw new BenchmarkFailedException($"the warm-up failed: {warm.Errors.Concat(warmEcho.Errors).First()}; see {bot.LogPath}");
        }

        var window = TimeSpan.FromSeconds(settings.Seconds);
        progress.Report($"storm: {pms.Count} PMs press Register within {window.TotalSeconds:0.#} s ({settings.DoubleClicks:P0} of them twice)");
        var cardAtStart = simulator.Ledger.AcceptedIn(channelId).Count;
        var pressed = await PressAllAsync(http, messages, pms, storm, channelId, simulator.ServiceUrl, window, settings.DoubleClicks, cancellationToken);
        progress.Report($"storm: {pressed.Timings.Count} invokes answered in {pressed.Elapsed.TotalSeconds:0.0} s, {pressed.Errors.Count} errors{(pressed.Errors.Count > 0 ? $", e.g. {pressed.Errors.First()}" : string.Empty)}");

        var registrations = new RegistrationStore(tables);
        var posts = new EventPostStore(tables);
        progress.Report($"waiting up to {settings.SettleSeconds} s for the card's last update");
        var settled = await WaitForAsync(
            async () =>
            {
                var counts = (await registrations.GetCountsAsync(storm, cancellationToken))?.Counts;
                var post = (await posts.ListAsync(storm, cancellationToken)).Single();
                var last = post.LastUpdateKey is { } key ? await deliveries.GetAsync(key, cancellationToken) : null;
                return counts is not null && post.ShownVersion >= counts.Version && last is { Status: DeliveryStatus.Sent } ? (object)post : null;
            },
            settledPost => settledPost is not null,
            TimeSpan.FromSeconds(settings.SettleSeconds),
            cancellationToken);

        progress.Report($"echo: {pms.Count} messages to {EchoEndpoint.Route} within {window.TotalSeconds:0.#} s");
        var echoed = await EchoAllAsync(http, echo, pms, replies.ServiceUrl, window, cancellationToken);
        if (bot.HasExited)
        {
            throw bot.Exited("during the run");
        }

        var rows = await registrations.ListAsync(storm, cancellationToken);
        var stored = (await registrations.GetCountsAsync(storm, cancellationToken))?.Counts ?? RegistrationCounts.Empty;
        var registered = rows.Count(r => r.Status == RegistrationStatus.Registered);
        var waitlisted = rows.Count(r => r.Status == RegistrationStatus.Waitlisted);
        var updates = simulator.Ledger.AcceptedIn(channelId).Skip(Math.Max(1, cardAtStart)).ToList();
        var invokes = new Latencies(pressed.Timings);
        var floor = new Latencies(echoed.Timings);
        var timeline = Path.Combine(settings.ArtifactsDirectory, $"card-updates-{runId}.csv");
        await File.WriteAllLinesAsync(timeline, updates.Select(u => u.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)).Prepend("received_s"), cancellationToken);
        progress.Report($"done: counter says {stored.Registered} registered, {stored.Waitlisted} waitlisted; card {(settled is null ? "NOT settled" : "settled")}; {simulator.Throttled} requests throttled (429); card updates in {timeline}; the bot's log in {bot.LogPath}");
        return
        [
            new("registered", registered),
            new("waitlisted", waitlisted),
            new("lost", pms.Count - rows.Count(r => r.Status is RegistrationStatus.Registered or RegistrationStatus.Waitlisted)),
            new("duplicated", Math.Max(0, stored.Registered + stored.Waitlisted - (registered + waitlisted)) + (rows.Count - rows.Select(r => r.UserKey).Distinct().Count())),
            new("card_updates", updates.Count),
            new("max_updates_per_30s", MaxInWindow(updates, TimeSpan.FromSeconds(30))),
            new("invoke_p50_ms", invokes.P50),
            new("invoke_p99_ms", invokes.P99),
            new("echo_p50_ms", floor.P50),
            new("echo_p99_ms", floor.P99),
            new("invoke_p99_ratio", invokes.P99 / floor.P99),
            new("invoke_errors", pressed.Errors.Count),
            new("throttled_429", simulator.Throttled),
        ];
    }

    private static int MaxInWindow(List<TimeSpan> times, TimeSpan window)
    {
        var most = 0;
        for (int first = 0, last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= window)
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    /// <summary>The PMO fills in the event form in personal chat and saves it (posting it to the channel, or not).</summary>
    private static async Task<string> CreateEventAsync(HttpClient http, Uri messages, BenchPm pmo, string channelId, Uri serviceUrl, int capacity, bool post, CancellationToken cancellationToken)
    {
        var start = DateTimeOffset.UtcNow.AddDays(14);
        var data = new JsonObject
        {
            ["verb"] = EventForm.SaveVerb,
            [EventForm.FormIdField] = Guid.NewGuid().ToString("N"),
            [EventForm.TitleField] = post ? "Risk management masterclass" : "Warm-up session",
            [EventForm.KindField] = nameof(EventKind.Course),
            [EventForm.FormatField] = EventFormValues.InPerson,
            [EventForm.VenueField] = "London",
            [EventForm.StartDateField] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [EventForm.StartTimeField] = "14:00",
            [EventForm.EndTimeField] = "17:00",
            [EventForm.TimeZoneField] = BenchPm.TimeZone,
            [EventForm.CapacityField] = capacity.ToString(CultureInfo.InvariantCulture),
            [EventForm.AreasField] = "risk",
            [EventForm.PduWaysField] = "3",
            [EventForm.ChannelsField] = post ? channelId : null,
        };
        var (status, body) = await InvokeAsync(http, messages, Invoke(pmo, EventForm.SaveVerb, data, null, serviceUrl), cancellationToken);
        var heading = status == HttpStatusCode.OK ? JsonNode.Parse(body)?["value"]?["body"]?[0]?["text"]?.GetValue<string>() : null;
        if (heading is null || !heading.StartsWith("Saved EV-", StringComparison.Ordinal))
        {
            throw new BenchmarkFailedException($"the event form was not saved ({(int)status}): {body}");
        }

        return heading["Saved ".Length..];
    }

    internal sealed record StormResult(IReadOnlyList<TimeSpan> Timings, IReadOnlyCollection<string> Errors, TimeSpan Elapsed);

    /// <summary>Each PM presses at their moment in the window, without waiting for anyone (open loop); double-clickers press again soon after.</summary>
    private static async Task<StormResult> PressAllAsync(HttpClient http, Uri messages, IReadOnlyList<BenchPm> pms, string eventId, string channelId, Uri serviceUrl, TimeSpan window, double doubleClicks, CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var plan = pms.SelectMany((pm, i) =>
        {
            var at = window * i / pms.Count;
            return random.NextDouble() < doubleClicks ? new[] { (pm, at), (pm, at + TimeSpan.FromMilliseconds(50 + random.Next(200))) } : new[] { (pm, at) };
        }).ToList();
        return await RunOpenLoopAsync(plan, async pm =>
        {
            var data = new JsonObject { ["verb"] = EventCards.RegisterVerb, [EventCards.EventField] = eventId };
            var (status, body) = await InvokeAsync(http, messages, Invoke(pm, EventCards.RegisterVerb, data, channelId, serviceUrl), cancellationToken);
            var first = status == HttpStatusCode.OK ? JsonNode.Parse(body)?["value"]?["body"]?[0]?["text"]?.GetValue<string>() : null;
            return first is not null && (first.StartsWith('✅') || first.StartsWith('⏳')) ? null : $"PM {pm.Number}: {(int)status} {Shorten(body)}";
        });
    }

    /// <summary>
    /// The card's buttons are for people with a role, as the <c>events</c> command is: each PM is stored as a project
    /// manager not yet seen in Teams, so their first press still records them as a newcomer's does.
    /// </summary>
    private static async Task EnsureProjectManagersAsync(PeopleDirectory people, IEnumerable<BenchPm> pms, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(pms.Select(async pm =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await people.EnsureAsync(new UserProfile(pm.AadObjectId, pm.Name, pm.TeamsUserId, null, BenchPm.TimeZone, false, new HashSet<Role> { Role.ProjectManager }, null), cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    internal static Task<StormResult> EchoAllAsync(HttpClient http, Uri echo, IReadOnlyList<BenchPm> pms, Uri serviceUrl, TimeSpan window, CancellationToken cancellationToken) =>
        RunOpenLoopAsync(pms.Select((pm, i) => (pm, window * i / pms.Count)).ToList(), async pm =>
        {
            var (_, json) = TeamsMessage.From(pm, "Register", serviceUrl);
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(echo, content, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"echo for PM {pm.Number}: {(int)response.StatusCode}";
        });

    internal static async Task<StormResult> RunOpenLoopAsync(IReadOnlyList<(BenchPm Pm, TimeSpan At)> plan, Func<BenchPm, Task<string?>> act)
    {
        var timings = new ConcurrentQueue<TimeSpan>();
        var errors = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(plan.Select(async step =>
        {
            var wait = step.At - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var started = Stopwatch.GetTimestamp();
            string? problem;
            try
            {
                problem = await act(step.Pm);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                problem = $"PM {step.Pm.Number}: {ex.Message}";
            }

            timings.Enqueue(Stopwatch.GetElapsedTime(started));
            if (problem is not null)
            {
                errors.Enqueue(problem);
            }
        }));
        return new StormResult([.. timings], [.. errors], clock.Elapsed);
    }

    internal static async Task<(HttpStatusCode Status, string Body)> InvokeAsync(HttpClient http, Uri messages, string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(messages, content, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static async Task PostAsync(HttpClient http, Uri messages, string json, CancellationToken cancellationToken)
    {
        var (status, body) = await InvokeAsync(http, messages, json, cancellationToken);
        if ((int)status >= 300)
        {
            throw new BenchmarkFailedException($"the bot answered {(int)status}: {body}");
        }
    }

    /// <summary>An <c>adaptiveCard/action</c> invoke as Teams sends it for a card in the channel (or in personal chat without <paramref name="channelId"/>).</summary>
    internal static string Invoke(BenchPm pm, string verb, JsonObject data, string? channelId, Uri serviceUrl) => JsonSerializer.Serialize(new
    {
        type = "invoke",
        name = "adaptiveCard/action",
        id = $"f:{Guid.NewGuid():N}",
        timestamp = DateTimeOffset.UtcNow,
        serviceUrl = serviceUrl.ToString(),
        channelId = "msteams",
        from = new { id = pm.TeamsUserId, name = pm.Name, aadObjectId = pm.AadObjectId },
        conversation = channelId is null
            ? (object)new { conversationType = "personal", tenantId = BenchPm.TenantId, id = pm.ConversationId }
            : new { conversationType = "channel", isGroup = true, tenantId = BenchPm.TenantId, id = $"{channelId};messageid=1700000000000" },
        recipient = new { id = TeamsMessage.BotId, name = TeamsMessage.BotName },
        locale = BenchPm.Locale,
        value = new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" },
        channelData = channelId is null
            ? (object)new { tenant = new { id = BenchPm.TenantId } }
            : new { tenant = new { id = BenchPm.TenantId }, channel = new { id = channelId, name = "PMO" }, team = new { id = "19:bench-team", name = "Delivery" } },
    });

    /// <summary>A message in the channel mentioning the bot, as Teams sends it.</summary>
    private static string ChannelMessage(BenchPm pm, string channelId, Uri serviceUrl, string text) => JsonSerializer.Serialize(new
    {
        type = "message",
        id = $"f:{Guid.NewGuid():N}",
        timestamp = DateTimeOffset.UtcNow,
        serviceUrl = serviceUrl.ToString(),
        channelId = "msteams",
        from = new { id = pm.TeamsUserId, name = pm.Name, aadObjectId = pm.AadObjectId },
        conversation = new { conversationType = "channel", isGroup = true, tenantId = BenchPm.TenantId, id = $"{channelId};messageid={Guid.NewGuid():N}" },
        recipient = new { id = TeamsMessage.BotId, name = TeamsMessage.BotName },
        textFormat = "plain",
        locale = BenchPm.Locale,
        text = $"<at>{TeamsMessage.BotName}</at> {text}",
        entities = new object[] { new { type = "mention", text = $"<at>{TeamsMessage.BotName}</at>", mentioned = new { id = TeamsMessage.BotId, name = TeamsMessage.BotName } } },
        channelData = new { tenant = new { id = BenchPm.TenantId }, channel = new { id = channelId, name = "PMO" }, team = new { id = "19:bench-team", name = "Delivery" } },
    });

    internal static async Task<T?> WaitForAsync<T>(Func<Task<T?>> read, Func<T?, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        T? value;
        while (!done(value = await read()) && deadline.Elapsed < timeout)
        {
            await Task.Delay(200, cancellationToken);
        }

        return done(value) ? value : default;
    }

    internal static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
