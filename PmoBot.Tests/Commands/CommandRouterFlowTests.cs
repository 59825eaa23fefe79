using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Tests.Commands;

/// <summary>
/// The router's promise to the conversation flows when their reads are started together
/// (<see cref="CommandRouter.PrepareFlows"/>): the flows still take a message in their order, whatever order their
/// reads finish in, and a message none of them takes goes to the commands. The flows here are the router's contract
/// in miniature (the real ones, over Azurite and HTTP, are in the review tests): each takes the texts it is given
/// and records every message it was asked about, and its read can be held open.
/// </summary>
public sealed class CommandRouterFlowTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly PmoUser megan = new(Guid.NewGuid().ToString(), "Megan Bowen", null, null, null, new HashSet<Role> { Role.ProjectManager }, false, null);

    [Fact]
    public async Task With_both_reads_started_an_answer_the_first_flow_takes_is_never_seen_by_the_second_even_while_its_read_is_out()
    {
        var review = new AnsweringFlow("review answer", "red");
        var opportunity = new AnsweringFlow("opportunity review answer", "red", "no") { Held = true };
        var router = new CommandRouter([], [review, opportunity]);

        var prepared = router.PrepareFlows(megan.UserKey, None);
        // Both reads are out before the message is routed at all.
        Assert.Equal((1, 1), (review.Loads, opportunity.Loads));

        var reply = await router.RouteAsync(megan, "red", ConversationKind.Personal, [], None, prepared: prepared);

        Assert.Equal("review answer took \"red\"", reply.Text);
        Assert.Equal(["red"], review.Asked);
        Assert.Empty(opportunity.Asked);
        opportunity.Release();
        await prepared.SettleAsync();
        Assert.Empty(opportunity.Asked);
        Assert.Equal((1, 1), (review.Loads, opportunity.Loads));
    }

    [Fact]
    public async Task The_first_flow_answers_even_when_the_second_flows_read_finishes_first()
    {
        var review = new AnsweringFlow("review answer", "red") { Held = true };
        var opportunity = new AnsweringFlow("opportunity review answer", "red");
        var router = new CommandRouter([], [review, opportunity]);
        var prepared = router.PrepareFlows(megan.UserKey, None);

        var routing = router.RouteAsync(megan, "red", ConversationKind.Personal, [], None, prepared: prepared);
        await Task.Delay(50);
        Assert.False(routing.IsCompleted, "the router answered before the first flow's read was back");
        review.Release();
        var reply = await routing;

        Assert.Equal("review answer took \"red\"", reply.Text);
        Assert.Empty(opportunity.Asked);
    }

    [Fact]
    public async Task A_text_the_first_flow_lets_through_goes_to_the_second_and_one_neither_takes_goes_to_the_commands()
    {
        var review = new AnsweringFlow("review answer", "red");
        var opportunity = new AnsweringFlow("opportunity review answer", "no");
        var router = new CommandRouter([], [review, opportunity]);

        var second = await router.RouteAsync(megan, "no", ConversationKind.Personal, [], None, prepared: router.PrepareFlows(megan.UserKey, None));
        var help = await router.RouteAsync(megan, "help", ConversationKind.Personal, [], None, prepared: router.PrepareFlows(megan.UserKey, None));

        Assert.Equal("opportunity review answer took \"no\"", second.Text);
        Assert.Equal("Here is what you can ask me.", help.Text);
        Assert.NotNull(help.Card);
        Assert.Equal(["no", "help"], review.Asked);
        Assert.Equal(["no", "help"], opportunity.Asked);
        // Each turn read each flow once: the router used the reads started for it instead of reading again.
        Assert.Equal((2, 2), (review.Loads, opportunity.Loads));
    }

    [Fact]
    public async Task Without_reads_started_ahead_or_with_someone_elses_each_flow_is_read_when_its_turn_comes()
    {
        var review = new AnsweringFlow("review answer", "red");
        var opportunity = new AnsweringFlow("opportunity review answer", "no");
        var router = new CommandRouter([], [review, opportunity]);

        var answered = await router.RouteAsync(megan, "red", ConversationKind.Personal, [], None);

        Assert.Equal("review answer took \"red\"", answered.Text);
        Assert.Equal((1, 0), (review.Loads, opportunity.Loads));

        var someoneElse = router.PrepareFlows(Guid.NewGuid().ToString(), None);
        var help = await router.RouteAsync(megan, "help", ConversationKind.Personal, [], None, prepared: someoneElse);

        Assert.NotNull(help.Card);
        Assert.Equal(2, review.LoadedFor.Count(k => k == megan.UserKey));
        Assert.Equal(3, review.Loads);
    }

    /// <summary>A flow with a session open for everyone: it answers the texts in <paramref name="takes"/> and lets the rest through.</summary>
    private sealed class AnsweringFlow(string name, params string[] takes) : IConversationFlow
    {
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> asked = [];
        private readonly List<string> loadedFor = [];

        public string Name => name;

        /// <summary>Whether its reads wait for <see cref="Release"/>.</summary>
        public bool Held { get; init; }

        public IReadOnlyList<string> Asked => asked;

        public IReadOnlyList<string> LoadedFor => loadedFor;

        public int Loads => loadedFor.Count;

        public void Release() => release.TrySetResult();

        public async Task<OpenConversation?> LoadAsync(string userKey, CancellationToken cancellationToken)
        {
            loadedFor.Add(userKey);
            if (Held)
            {
                // A router that waits for a read it should not need fails the test rather than hanging it.
                await release.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }

            return new OpenConversation((turn, _) =>
            {
                asked.Add(turn.Text);
                return Task.FromResult(takes.Contains(turn.Text, StringComparer.OrdinalIgnoreCase) ? Reply.Message($"{name} took \"{turn.Text}\"") : null);
            });
        }
    }
}
