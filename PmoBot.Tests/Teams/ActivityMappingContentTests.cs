using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using PmoBot.Commands;
using PmoBot.Teams;

namespace PmoBot.Tests.Teams;

/// <summary>
/// A turn's reply read back from the activity the SDK is sending, as the throttled-reply fallback reads it to queue it:
/// through a real <see cref="TurnContext"/>, so the activity seen is the one the SDK hands its send handlers.
/// </summary>
public sealed class ActivityMappingContentTests
{
    [Fact]
    public async Task A_review_question_with_quick_replies_reads_back_as_its_markdown_with_the_replies_to_type()
    {
        var question = new Reply("**PRJ-101**, question 1 of 19\n\n**Overall status?**", QuickReplies: ["R", "A", "G", "same"]);

        var (text, card) = await ReadBackAsync(question);

        Assert.Equal("**PRJ-101**, question 1 of 19\n\n**Overall status?**\n\nType **R**, **A**, **G**, **same**.", text);
        Assert.Null(card);
    }

    [Fact]
    public async Task A_plain_message_and_a_card_read_back_as_they_were_sent()
    {
        var card = PmoBot.Cards.AdaptiveCard.Create([PmoBot.Cards.AdaptiveCard.Text("Hello")]);

        Assert.Equal(("**Done**", null), await ReadBackAsync(Reply.Message("**Done**")));
        var (summary, readCard) = await ReadBackAsync(Reply.WithCard(card, "Your card"));
        Assert.Equal("Your card", summary);
        Assert.Equal(card.ToJsonString(), readCard!.ToJsonString());
    }

    private static async Task<(string? Text, System.Text.Json.Nodes.JsonObject? Card)> ReadBackAsync(Reply reply)
    {
        var adapter = new TestAdapter();
        using var context = new TurnContext(adapter, adapter.MakeActivity("hello"));
        (string?, System.Text.Json.Nodes.JsonObject?)? seen = null;
        context.OnSendActivities((_, activities, next) =>
        {
            seen = ActivityMapping.ContentOf(activities[0]);
            return next();
        });

        await context.SendActivityAsync(ActivityMapping.ToActivity(reply));

        return seen ?? throw new InvalidOperationException("The send handler never ran.");
    }
}
