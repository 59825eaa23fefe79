using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Lessons;
using PmoBot.People;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Lessons;

/// <summary>
/// Lessons over the run's Azurite in a table of this test's own (rankings and lists read the whole partition),
/// with the project register for the form's project check and the routers as the bot uses them.
/// </summary>
public sealed class LessonsHarness
{
    private LessonsHarness(ProjectsHarness projects, LessonStore store)
    {
        Projects = projects;
        Store = store;
        Reader = new LessonInputReader(projects.Register, projects.People.Time);
        Advisor = new LessonAdvisor(store);
        Seeder = new DemoLessonSeeder(store, projects.People.Time, NullLogger<DemoLessonSeeder>.Instance);
        Commands = new CommandRouter([new LessonCommands(store)]);
        CardActions = new CardActionRouter([new LessonSaveCardAction(Reader, store)]);
    }

    public ProjectsHarness Projects { get; }

    public LessonStore Store { get; }

    public LessonInputReader Reader { get; }

    public LessonAdvisor Advisor { get; }

    public DemoLessonSeeder Seeder { get; }

    public CommandRouter Commands { get; }

    public CardActionRouter CardActions { get; }

    public static async Task<LessonsHarness> CreateAsync()
    {
        var tableName = "Lessons" + Guid.NewGuid().ToString("N")[..12];
        var service = await AzuriteStorage.WithTablesAsync(tableName);
        return new LessonsHarness(await ProjectsHarness.CreateAsync(), new LessonStore(service, tableName));
    }

    public static Lesson Lesson(string category, string title, DateTimeOffset recordedAt, string whatHappened = "It went wrong.", params string[] actions) =>
        new(PmoBot.Lessons.Lesson.NewId(), title, whatHappened, null, category, "Do better.", actions, "Test PMO", recordedAt);

    public async Task<Lesson> AddAsync(Lesson lesson)
    {
        Assert.True(await Store.AddAsync(lesson, CancellationToken.None));
        return lesson;
    }

    public Task<Reply> SayAsync(PmoUser caller, string text) => Commands.RouteAsync(caller, text, ConversationKind.Personal, [], CancellationToken.None);

    public Task<Reply> SaveAsync(PmoUser caller, JsonObject form, IReadOnlyDictionary<string, string?> inputs)
    {
        var action = form["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == "Save")!.AsObject();
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var (id, value) in inputs)
        {
            data[id] = value;
        }

        return CardActions.RouteAsync(action["verb"]!.GetValue<string>(), new CardActionRequest(caller, data, ConversationKind.Personal), CancellationToken.None);
    }
}
