using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Portfolio.PortfolioHarness;

namespace PmoBot.Tests.Portfolio;

public sealed class PortfolioWelcomeNoteTests
{
    [Fact]
    public async Task A_leaders_welcome_says_how_the_projects_they_may_see_stand_and_others_get_no_line()
    {
        var harness = await CreateAsync();
        var leader = await harness.PersonAsync("Isaiah", Role.Leader);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var unit = ProjectsHarness.NewBusinessUnit();
        var elsewhere = ProjectsHarness.NewBusinessUnit();
        // Only the configured unit exists for this leader, so the counts are ours on the shared tables.
        harness.Options.Leaders[leader.UserKey] = [unit];
        var red = await harness.ProjectAsync(megan, unit);
        var amber = await harness.ProjectAsync(megan, unit);
        await harness.ProjectAsync(megan, unit);
        var hidden = await harness.ProjectAsync(megan, elsewhere);
        await harness.ReviewAsync(red, Answers(Rag.Red, 30, 400_000));
        await harness.ReviewAsync(amber, Answers(Rag.Amber, 30, 100_000));
        await harness.ReviewAsync(hidden, Answers(Rag.Red, 30, 400_000));
        var note = new PortfolioWelcomeNote(harness.Scope, harness.Reader);

        Assert.Equal(
            $"In business unit {unit} and the projects you manage: 3 open projects, **1 red** and **1 amber** at their last review. Type **portfolio** for the whole picture, or **status** and a project's code for one.",
            await note.NoteAsync(leader, None));
        Assert.Null(await note.NoteAsync(megan, None));
        Assert.Null(await note.NoteAsync(pmo, None));

        harness.Options.Leaders[leader.UserKey] = [ProjectsHarness.NewBusinessUnit()];
        Assert.Null(await note.NoteAsync(leader, None));
    }
}
