using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Demo;
using PmoBot.Graph;
using PmoBot.Meetings;
using PmoBot.Tests.Projects;
using StandIn = GraphStandIn.GraphStandInApp;

namespace PmoBot.Tests.Warnings;

/// <summary>
/// <c>tools/GraphStandIn</c>, the Graph stand-in <c>scripts/dev.sh</c> starts for the warning card's "Schedule review
/// meeting", run in-process and used by the real <see cref="GraphReviewMeetingBooker"/> configured as dev.sh
/// configures PmoBot (<c>Graph:BaseUrl</c> and <c>Graph:AccessToken</c>, no Entra ID).
/// </summary>
public sealed class GraphStandInToolTests : IAsyncLifetime
{
    /// <summary>Monday 23 November 2026, 10:00 UTC: London on GMT, New York on EST.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly DemoPerson Alex = DemoOrganisation.People.Single(p => p.Name == "Alex Wilber");
    private static readonly DemoPerson Megan = DemoOrganisation.People.Single(p => p.Name == "Megan Bowen");

    private WebApplication standIn = null!;
    private string baseUrl = string.Empty;

    public async Task InitializeAsync()
    {
        standIn = StandIn.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await standIn.StartAsync();
        baseUrl = standIn.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/v1.0/";
    }

    public async Task DisposeAsync() => await standIn.DisposeAsync();

    [Fact]
    public async Task The_real_booker_books_alex_and_megan_inside_both_working_days_with_a_join_link_and_then_the_next_free_time()
    {
        await using var graph = GraphServices(StandIn.DefaultAccessToken);
        var booker = Booker(graph, await ProjectsHarness.CreateAsync());

        var first = Assert.IsType<MeetingBooking.Booked>(await BookAsync(booker));
        var second = Assert.IsType<MeetingBooking.Booked>(await BookAsync(booker));

        foreach (var booked in new[] { first, second })
        {
            Assert.Equal(TimeSpan.FromMinutes(30), booked.End - booked.Start);
            Assert.True(booked.Start >= Monday, $"{booked.Start} is in the past");
            AssertWithinWorkingHours(booked, Alex.TimeZone);
            AssertWithinWorkingHours(booked, Megan.TimeZone);
            Assert.StartsWith("https://teams.microsoft.com/l/meetup-join/", booked.JoinUrl, StringComparison.Ordinal);
        }

        Assert.True(second.Start >= first.End, $"the second meeting ({second.Start}) overlaps the first ({first.Start} to {first.End})");
    }

    [Fact]
    public async Task The_same_meeting_booked_twice_is_one_event_at_the_first_time_and_the_next_meeting_comes_after_it()
    {
        await using var graph = GraphServices(StandIn.DefaultAccessToken);
        var booker = Booker(graph, await ProjectsHarness.CreateAsync());
        var transactionId = MeetingTransaction.For("warning-review", $"PRJ-101|cpi-low|{Guid.NewGuid():N}");

        var first = Assert.IsType<MeetingBooking.Booked>(await BookAsync(booker, transactionId));
        var again = Assert.IsType<MeetingBooking.Booked>(await BookAsync(booker, transactionId));
        var next = Assert.IsType<MeetingBooking.Booked>(await BookAsync(booker));

        // The second attempt saw the first meeting as busy and proposed a later slot; the stand-in gave back the first event.
        Assert.Equal(first, again);
        Assert.NotEqual(first.EventId, next.EventId);
        Assert.True(next.Start >= first.End, $"the next meeting ({next.Start}) overlaps the first ({first.Start} to {first.End})");
    }

    [Fact]
    public async Task Events_posted_with_the_same_transaction_id_are_one_event_and_another_id_is_another()
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", StandIn.DefaultAccessToken);
        async Task<JsonObject> PostAsync(string transactionId, string startUtc)
        {
            var body = new JsonObject
            {
                ["subject"] = "Review",
                ["start"] = new JsonObject { ["dateTime"] = startUtc, ["timeZone"] = "UTC" },
                ["end"] = new JsonObject { ["dateTime"] = startUtc.Replace(":00:00", ":30:00", StringComparison.Ordinal), ["timeZone"] = "UTC" },
                ["attendees"] = new JsonArray(new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = Megan.Email }, ["type"] = "required" }),
                ["transactionId"] = transactionId,
            };
            using var response = await client.PostAsync(new Uri($"users/{Alex.AadObjectId}/events", UriKind.Relative), new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        }

        var transactionId = Guid.NewGuid().ToString();
        var first = await PostAsync(transactionId, "2026-11-24T14:00:00");
        var repeat = await PostAsync(transactionId, "2026-11-25T14:00:00");
        var other = await PostAsync(Guid.NewGuid().ToString(), "2026-11-24T15:00:00");

        Assert.Equal(first.ToJsonString(), repeat.ToJsonString());
        Assert.Equal(transactionId, first["transactionId"]!.GetValue<string>());
        Assert.NotEqual(first["id"]!.GetValue<string>(), other["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_schedule_answers_working_hours_in_each_persons_zone_and_a_view_with_busy_time()
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", StandIn.DefaultAccessToken);
        var body = new JsonObject
        {
            ["schedules"] = new JsonArray(Alex.Email, Megan.Email),
            ["startTime"] = new JsonObject { ["dateTime"] = "2026-11-23T00:00:00", ["timeZone"] = "UTC" },
            ["endTime"] = new JsonObject { ["dateTime"] = "2026-11-24T00:00:00", ["timeZone"] = "UTC" },
            ["availabilityViewInterval"] = 30,
        };

        using var response = await client.PostAsync(new Uri($"users/{Alex.AadObjectId}/calendar/getSchedule", UriKind.Relative), new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var value = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]!.AsArray();
        Assert.Equal([Alex.Email, Megan.Email], value.Select(v => v!["scheduleId"]!.GetValue<string>()));
        Assert.Equal(["GMT Standard Time", "Eastern Standard Time"], value.Select(v => v!["workingHours"]!["timeZone"]!["name"]!.GetValue<string>()));
        var view = value[0]!["availabilityView"]!.GetValue<string>();
        Assert.Equal(48, view.Length);
        Assert.Equal('2', view[18]); // Alex's stand-up, 09:00 London = 09:00 UTC in November.
        Assert.Equal('0', view[4]);
        Assert.Equal('2', value[1]!["availabilityView"]!.GetValue<string>()[28]); // Megan's, 09:00 New York = 14:00 UTC.
    }

    [Fact]
    public async Task A_call_without_the_stand_ins_token_is_refused_and_an_unknown_user_is_not_found()
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };

        using var anonymous = await client.GetAsync(new Uri($"users/{Megan.AadObjectId}", UriKind.Relative));
        client.DefaultRequestHeaders.Authorization = new("Bearer", StandIn.DefaultAccessToken);
        using var megan = await client.GetAsync(new Uri($"users/{Megan.AadObjectId}", UriKind.Relative));
        using var nobody = await client.GetAsync(new Uri($"users/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(Megan.Email, JsonNode.Parse(await megan.Content.ReadAsStringAsync())!["mail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
    }

    [Fact]
    public async Task A_wrong_access_token_is_a_failure_the_booker_explains_not_a_crash()
    {
        await using var graph = GraphServices("not-the-stand-ins-token");
        var booker = Booker(graph, await ProjectsHarness.CreateAsync());

        var outcome = await BookAsync(booker);

        Assert.IsNotType<MeetingBooking.Booked>(outcome);
    }

    [Fact]
    public void Graph_access_token_configures_graph_but_only_for_a_loopback_base_url()
    {
        var local = new GraphOptions { BaseUrl = baseUrl, AccessToken = "t" };
        var remote = new GraphOptions { AccessToken = "t" };
        var results = new List<ValidationResult>();

        Assert.True(local.IsConfigured);
        Assert.True(Validator.TryValidateObject(local, new ValidationContext(local), [], validateAllProperties: true));
        Assert.False(Validator.TryValidateObject(remote, new ValidationContext(remote), results, validateAllProperties: true));
        Assert.Contains("Graph:AccessToken is only for a local Graph stand-in", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
        Assert.False(new GraphOptions().IsConfigured);
    }

    private ServiceProvider GraphServices(string token)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = baseUrl,
            ["Graph:AccessToken"] = token,
        }).Build();
        return new ServiceCollection().AddLogging().AddGraph(configuration).BuildServiceProvider();
    }

    /// <summary>The booker as <c>AddMeetings</c> builds it; the people are unknown to PmoBot, so their mail comes from the stand-in's users.</summary>
    private static GraphReviewMeetingBooker Booker(ServiceProvider graph, ProjectsHarness projects)
    {
        var time = new FakeTimeProvider(Monday);
        var graphClient = graph.GetRequiredService<GraphClientAccessor>();
        var client = new GraphCalendarClient(graphClient);
        return new GraphReviewMeetingBooker(graphClient, client, new MeetingPeople(projects.People.Directory, client), time, NullLogger<GraphReviewMeetingBooker>.Instance);
    }

    /// <param name="transactionId">The same for attempts at the same meeting; a new one when null.</param>
    private static Task<MeetingBooking> BookAsync(GraphReviewMeetingBooker booker, string? transactionId = null) =>
        booker.BookAsync(
            new MeetingRequest("PRJ-101", "Mobile banking app relaunch", Alex.AadObjectId, Megan.AadObjectId, "Review of PRJ-101: Cost performance low", "CPI 0.70 is below 0.80", transactionId ?? MeetingTransaction.New()),
            CancellationToken.None);

    private static void AssertWithinWorkingHours(MeetingBooking.Booked booked, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var start = TimeZoneInfo.ConvertTime(booked.Start, zone);
        var end = TimeZoneInfo.ConvertTime(booked.End, zone);
        Assert.InRange(start.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
        Assert.True(start.TimeOfDay >= TimeSpan.FromHours(9) && end.TimeOfDay <= TimeSpan.FromHours(17) && end.Date == start.Date, $"{start} to {end} is outside 09:00 to 17:00 in {zoneId}");
    }
}
