using System.Text;
using PmoBot.People;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Projects;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Reviews.CheckIn;

/// <summary>A review answered over real HTTP on <c>/api/messages</c>, with the bot process restarted half way through.</summary>
public sealed class CheckInOverHttpTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private RecordingConnector connector = null!;

    public async Task InitializeAsync() => connector = await RecordingConnector.StartAsync();

    public async Task DisposeAsync() => await connector.DisposeAsync();

    [Fact]
    public async Task A_review_started_before_a_restart_is_finished_and_submitted_after_it()
    {
        var projects = await ProjectsHarness.CreateAsync();
        var person = TestPerson.New("Megan");
        var pm = await projects.People.PersonAsync(person, Role.ProjectManager);
        var code = ProjectsHarness.NewCode();
        await projects.CreateAsync(ProjectsHarness.Valid(code, pm));
        var history = await CheckInHarness.CreateAsync();
        var template = await history.Templates.GetCurrentAsync(None);

        await using (var before = new PmoBotServer())
        {
            using var client = await StartAsync(before);
            await SayAsync(client, person, "hello");
            await SayAsync(client, person, "review");
            await SayAsync(client, person, "red");
            Assert.Contains("question 3 of", await SayAsync(client, person, "green"), StringComparison.Ordinal);
        }

        await using var after = new PmoBotServer();
        using var restarted = await StartAsync(after);
        var third = await SayAsync(restarted, person, "amber");
        foreach (var question in template.Questions.Skip(3))
        {
            await SayAsync(restarted, person, CheckInHarness.AnswerFor(question));
        }

        await SayAsync(restarted, person, "submit");

        Assert.Contains("question 4 of", third, StringComparison.Ordinal);
        var record = (await history.History.GetAsync(code, ReviewPeriod.Of(DateTimeOffset.UtcNow, UserTimeZones.Resolve("Europe/London")), None))!;
        Assert.Equal(ReviewOutcome.Submitted, record.Outcome);
        Assert.Equal(("Red", "Green", "Amber"), (record.Answers.Text(WellKnownQuestions.Overall), record.Answers.Text(WellKnownQuestions.Scope), record.Answers.Text(WellKnownQuestions.Schedule)));
        var sent = connector.Sent.Where(a => a.ConversationId == TeamsActivities.PersonalConversation(person).Id).ToList();
        Assert.Contains(sent, a => a.Card?.ToJsonString().Contains($"Submitted: {code}", StringComparison.Ordinal) == true);
    }

    private static async Task<HttpClient> StartAsync(PmoBotServer server)
    {
        var client = server.CreateHttpClient();
        await MessagesEndpointTests.WaitUntilHealthyAsync(client);
        return client;
    }

    /// <summary>Posts a personal message and returns the text of the bot's last reply to it (card replies as their JSON).</summary>
    private async Task<string> SayAsync(HttpClient client, TestPerson person, string text)
    {
        var activity = TeamsActivities.PersonalMessage(person, text, connector.ServiceUrl);
        var before = connector.Sent.Count(a => a.ConversationId == activity.Conversation.Id);
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode} for \"{text}\"");
        var sent = await connector.WaitForAsync(activity.Conversation.Id, before + 1);
        var reply = sent[^1];
        return reply.Text ?? reply.Card?.ToJsonString() ?? string.Empty;
    }
}
