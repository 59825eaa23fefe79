using PmoBot.Alerts;
using PmoBot.Blockers;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Demo;
using PmoBot.Development;
using PmoBot.Digest;
using PmoBot.Graph;
using PmoBot.Hosting;
using PmoBot.Lessons;
using PmoBot.Meetings;
using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Processes;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Risks;
using PmoBot.Storage;
using PmoBot.Teams;
using PmoBot.Telemetry;
using PmoBot.Warnings;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services
    .AddTelemetry(builder.Configuration)
    .AddStorage(builder.Configuration)
    .AddConversations()
    .AddGraph(builder.Configuration)
    .AddDelivery(builder.Configuration)
    .AddPeople(builder.Configuration)
    .AddProjects(builder.Configuration)
    .AddAlerts()
    .AddReviews(builder.Configuration)
    .AddRisks()
    .AddBlockers(builder.Configuration)
    .AddPortfolio(builder.Configuration)
    .AddLessons()
    .AddMeetings()
    .AddWarnings(builder.Configuration)
    .AddDevelopment(builder.Configuration)
    .AddProcesses(builder.Configuration)
    .AddOpportunities(builder.Configuration)
    .AddDigest(builder.Configuration)
    .AddMessagingExtension()
    .AddCommands()
    .AddTeamsBot(builder.Configuration)
    .AddDemoOrganisation(builder.Configuration);

var app = builder.Build();
if (ProjectImportCli.Matches(args))
{
    return await ProjectImportCli.RunAsync(app.Services, args, Console.Out, CancellationToken.None);
}

app.UseTeamsBot();
app.MapTeamsBot();
app.MapEchoForBenchmarks();
app.MapHealth();
app.Run();
return 0;

public partial class Program;
