using Azure.Data.Tables;
using PmoBot.Lessons;
using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;

namespace PmoBot.Tests.Opportunities;

/// <summary>
/// The pipeline's stores over the run's Azurite, with the project harness's people and visibility. The pipeline and
/// the lessons are read whole, so each harness has tables of its own and tests see only their own rows.
/// </summary>
public sealed class OpportunityHarness
{
    private OpportunityHarness(ProjectsHarness projects, TableServiceClient service, string suffix)
    {
        Projects = projects;
        Store = new OpportunityStore(service, OpportunityStore.TableName + suffix);
        Reviews = new OpportunityReviewStore(service, OpportunityReviewStore.TableName + suffix);
        LessonStore = new LessonStore(service, LessonStore.TableName + suffix);
        Register = new OpportunityRegister(Store, projects.People.Time);
        Access = new OpportunityAccess(projects.Visibility);
        Reader = new OpportunityInputReader(projects.Reader, projects.Register, projects.People.Time);
        Importer = new OpportunityCsvImporter(Reader, Register);
        Lessons = new OpportunityLessons(LessonStore, projects.Register, Store, new WarningStore(service));
    }

    public ProjectsHarness Projects { get; }

    public OpportunityStore Store { get; }

    public OpportunityReviewStore Reviews { get; }

    public LessonStore LessonStore { get; }

    public OpportunityRegister Register { get; }

    public OpportunityAccess Access { get; }

    public OpportunityInputReader Reader { get; }

    public OpportunityCsvImporter Importer { get; }

    public OpportunityLessons Lessons { get; }

    public static async Task<OpportunityHarness> CreateAsync()
    {
        var projects = await ProjectsHarness.CreateAsync();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var service = await AzuriteStorage.WithTablesAsync(OpportunityStore.TableName + suffix, OpportunityReviewStore.TableName + suffix, LessonStore.TableName + suffix, WarningStore.TableName);
        return new OpportunityHarness(projects, service, suffix);
    }

    public static Opportunity Valid(string code, PmoUser salesOwner, PmoUser? pm = null, string businessUnit = "Digital", ContractType contract = ContractType.FixedPrice)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new Opportunity(
            code, "Fabrikam", "Claims portal rebuild", businessUnit, 850_000m, "EUR", contract, OpportunityStage.Propose, today.AddDays(20), today.AddDays(40), today.AddDays(300),
            new ProjectPerson(salesOwner.UserKey, salesOwner.Name), pm is null ? null : new ProjectPerson(pm.UserKey, pm.Name), null, HandoverNotes.Empty);
    }
}
