using Microsoft.Bot.Schema;
using PmoBot.People;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace PmoBot.Tests.Teams;

public sealed class ProbeScratchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Probe()
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo, Role.Admin);
        var cases = new List<(string Name, Activity Activity)>();
        var image = TeamsActivities.PersonalMessage(alex, string.Empty, run.Connector.ServiceUrl);
        image.Text = null;
        image.Attachments = [new Attachment("image/*", "https://us-api.asm.skype.com/v1/objects/0-x/views/original")];
        cases.Add(("image only", image));
        var gif = TeamsActivities.PersonalMessage(alex, "<p><img alt=\"GIF\" src=\"https://media.giphy.com/x.gif\"></p>", run.Connector.ServiceUrl);
        gif.Attachments = [new Attachment("text/html", content: "<p><img alt=\"GIF\" src=\"https://media.giphy.com/x.gif\"></p>")];
        cases.Add(("gif", gif));
        var htmlWithAttachment = TeamsActivities.PersonalMessage(alex, "<p>whoami</p>", run.Connector.ServiceUrl);
        htmlWithAttachment.Attachments = [new Attachment("text/html", content: "<p>whoami</p>")];
        cases.Add(("html with text/html attachment", htmlWithAttachment));
        var emoji = TeamsActivities.PersonalMessage(alex, "<p><emoji id=\"1f44d_thumbsup\" alt=\"👍\" title=\"Thumbs up\"></emoji></p>", run.Connector.ServiceUrl);
        cases.Add(("emoji", emoji));
        var empty = TeamsActivities.PersonalMessage(alex, "   ", run.Connector.ServiceUrl);
        cases.Add(("spaces", empty));
        var thanks = TeamsActivities.PersonalMessage(alex, "thanks!", run.Connector.ServiceUrl);
        cases.Add(("thanks", thanks));
        var hi = TeamsActivities.PersonalMessage(alex, "Hi", run.Connector.ServiceUrl);
        cases.Add(("hi", hi));
        foreach (var (name, activity) in cases)
        {
            var before = run.Connector.Sent.Count(a => a.ConversationId == activity.Conversation.Id);
            using var response = await run.PostAsync(activity);
            var sent = (await run.Connector.WaitForAsync(activity.Conversation.Id, before + 1, TimeSpan.FromSeconds(3))).Skip(before).ToList();
            var r = sent.LastOrDefault();
            output.WriteLine($"{name}: {(int)response.StatusCode} => {(r is null ? "(nothing)" : r.Text ?? string.Join(" | ", r.Card?["body"]?.AsArray().Take(2).Select(b => b?["text"]?.ToString()) ?? []))}");
        }
    }
}
