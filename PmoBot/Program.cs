using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Demo;
using PmoBot.Hosting;
using PmoBot.People;
using PmoBot.Storage;
using PmoBot.Teams;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services
    .AddTableStorage(builder.Configuration)
    .AddConversations()
    .AddPeople(builder.Configuration)
    .AddCommands()
    .AddTeamsBot(builder.Configuration)
    .AddDemoOrganisation(builder.Configuration);

var app = builder.Build();
app.MapTeamsBot();
app.MapHealth();
app.Run();

public partial class Program;
