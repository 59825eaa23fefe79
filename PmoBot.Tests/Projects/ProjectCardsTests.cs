using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Projects;

/// <summary>Dates on the project card read as every other card's do; the form keeps the ISO dates its inputs are typed in.</summary>
public sealed class ProjectCardsTests
{
    private static readonly PmoUser Megan = new("megan-key", "Megan Bowen", null, null, null, new HashSet<Role> { Role.ProjectManager }, false, null);

    private static readonly Project Dated = ProjectsHarness.Valid("PRJ-042", Megan) with
    {
        Start = new DateOnly(2027, 1, 4),
        PlannedEnd = new DateOnly(2027, 6, 30),
        Milestones =
        [
            new("Design sign-off", new DateOnly(2027, 1, 29), new DateOnly(2027, 1, 29), true),
            new("Pilot", new DateOnly(2027, 2, 13), new DateOnly(2027, 3, 1), false),
            new("Training", new DateOnly(2027, 3, 5), new DateOnly(2027, 3, 3), false),
            new("Go-live", new DateOnly(2027, 6, 1), new DateOnly(2027, 6, 1), false),
        ],
        Baseline = [new(new DateOnly(2027, 2, 28), 600_000m)],
    };

    [Fact]
    public void The_card_shows_its_dates_in_the_reading_format()
    {
        var card = ProjectCards.Project(new StoredProject(Dated, "etag", new ChangeStamp("Alex", DateTimeOffset.UnixEpoch)), Megan, new PortfolioVisibility(Megan.UserKey, true, new HashSet<string>(), false));

        var facts = FactsOf(card);
        Assert.Contains(("Start", "4 Jan 2027"), facts);
        Assert.Contains(("Planned end", "30 Jun 2027"), facts);
        Assert.Contains(("Design sign-off", "done (due 29 Jan 2027)"), facts);
        Assert.Contains(("Pilot", "due 13 Feb 2027, forecast 1 Mar 2027 (16 days late)"), facts);
        Assert.Contains(("Training", "due 5 Mar 2027, forecast 3 Mar 2027 (2 days early)"), facts);
        Assert.Contains(("Go-live", "due 1 Jun 2027"), facts);
        Assert.Contains(("28 Feb 2027", "600,000 EUR"), facts);
    }

    [Fact]
    public void The_form_keeps_the_dates_as_typed()
    {
        var inputs = ProjectsHarness.InputsOf(ProjectCards.Form(ProjectInput.From(Dated)));

        Assert.Equal(("2027-01-04", "2027-06-30"), (inputs[ProjectCards.StartField], inputs[ProjectCards.PlannedEndField]));
        Assert.Contains("Pilot:2027-02-13:2027-03-01", inputs[ProjectCards.MilestonesField], StringComparison.Ordinal);
    }
}
