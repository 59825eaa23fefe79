using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Tests.Commands;

public sealed class CardActionRouterTests
{
    private const string ApproveVerb = "test.approve";
    private const string OpenVerb = "test.open";

    private readonly RecordingHandler approve = new(ApproveVerb, Role.Pmo, Role.Admin);
    private readonly RecordingHandler open = new(OpenVerb);
    private readonly CardActionRouter router;

    public CardActionRouterTests() => router = new CardActionRouter([approve, open]);

    [Fact]
    public async Task An_action_reaches_the_handler_of_its_verb_with_the_request()
    {
        var request = Request(User(Role.Pmo), new JsonObject { ["item"] = "42" });

        var reply = await router.RouteAsync(ApproveVerb, request, CancellationToken.None);

        Assert.Equal($"handled {ApproveVerb}", reply.Text);
        Assert.Same(request, Assert.Single(approve.Requests));
        Assert.Empty(open.Requests);
    }

    [Fact]
    public async Task The_verb_matches_whatever_its_case()
    {
        await router.RouteAsync(ApproveVerb.ToUpperInvariant(), Request(User(Role.Admin)), CancellationToken.None);

        Assert.Single(approve.Requests);
    }

    [Fact]
    public async Task A_handler_open_to_everyone_serves_someone_with_no_role()
    {
        var reply = await router.RouteAsync(OpenVerb, Request(User()), CancellationToken.None);

        Assert.Equal($"handled {OpenVerb}", reply.Text);
    }

    [Fact]
    public async Task An_unknown_verb_is_named_and_changes_nothing()
    {
        var reply = await router.RouteAsync("test.retired", Request(User(Role.Admin)), CancellationToken.None);

        Assert.Contains("(test.retired) is not one PmoBot knows", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", reply.Text, StringComparison.Ordinal);
        Assert.Empty(approve.Requests);
        Assert.Empty(open.Requests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task A_missing_verb_says_the_button_had_no_action_name(string? verb)
    {
        var reply = await router.RouteAsync(verb, Request(User(Role.Admin)), CancellationToken.None);

        Assert.Contains("(no action name)", reply.Text, StringComparison.Ordinal);
        Assert.Empty(approve.Requests);
        Assert.Empty(open.Requests);
    }

    [Fact]
    public async Task A_caller_without_an_allowed_role_is_refused_and_nothing_runs()
    {
        var reply = await router.RouteAsync(ApproveVerb, Request(User(Role.ProjectManager, Role.Leader)), CancellationToken.None);

        Assert.StartsWith("This action is for", reply.Text, StringComparison.Ordinal);
        Assert.All(
            new[] { Role.Pmo, Role.Admin, Role.ProjectManager, Role.Leader },
            role => Assert.Contains(role.DisplayName(), reply.Text, StringComparison.Ordinal));
        Assert.Contains("Nothing was changed", reply.Text, StringComparison.Ordinal);
        Assert.Empty(approve.Requests);
    }

    [Fact]
    public void The_verb_is_read_from_the_card_data()
    {
        var data = AdaptiveCard.Execute("Approve", ApproveVerb)["data"]!.AsObject();

        Assert.Equal(ApproveVerb, CardActionRouter.VerbOf(data));
    }

    [Fact]
    public void Data_without_a_string_verb_has_no_verb()
    {
        Assert.Null(CardActionRouter.VerbOf(null));
        Assert.Null(CardActionRouter.VerbOf([]));
        Assert.Null(CardActionRouter.VerbOf(new JsonObject { [AdaptiveCard.VerbField] = 7 }));
        Assert.Null(CardActionRouter.VerbOf(new JsonObject { [AdaptiveCard.VerbField] = new JsonObject() }));
    }

    [Fact]
    public void A_field_is_trimmed_and_blank_or_non_text_fields_are_missing()
    {
        var request = Request(User(), new JsonObject { ["name"] = "  Megan  ", ["blank"] = "  ", ["number"] = 3 });

        Assert.Equal("Megan", request.Field("name"));
        Assert.Null(request.Field("blank"));
        Assert.Null(request.Field("number"));
        Assert.Null(request.Field("absent"));
    }

    private static PmoUser User(params Role[] roles) =>
        new(Guid.NewGuid().ToString(), "Test user", null, null, null, roles.ToHashSet(), false, null);

    private static CardActionRequest Request(PmoUser caller, JsonObject? data = null) =>
        new(caller, data ?? [], ConversationKind.Personal);

    private sealed class RecordingHandler(string verb, params Role[] roles) : ICardActionHandler
    {
        public List<CardActionRequest> Requests { get; } = [];

        public string Verb => verb;

        public IReadOnlySet<Role> AllowedRoles { get; } = roles.ToHashSet();

        public Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(Reply.Message($"handled {verb}"));
        }
    }
}
