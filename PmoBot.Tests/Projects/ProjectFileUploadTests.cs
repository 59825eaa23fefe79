using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Teams;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Projects;

/// <summary>
/// A CSV sent to the bot in personal chat: the real <see cref="PmoTeamsBot"/> behind a Teams test adapter, the file
/// served by a local stand-in for Teams' download URL, and the import on the run's Azurite.
/// </summary>
public sealed class ProjectFileUploadTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private FileHost files = null!;

    public async Task InitializeAsync() => files = await FileHost.StartAsync();

    public async Task DisposeAsync() => await files.DisposeAsync();

    [Fact]
    public async Task A_pmo_member_sends_a_csv_and_gets_the_import_report_card()
    {
        var bot = await UploadBot.CreateAsync();
        var pmo = await bot.PersonAsync("Alex", Role.Pmo);
        var pm = await bot.PersonAsync("Megan", Role.ProjectManager);
        var (good, bad) = (ProjectsHarness.NewCode(), ProjectsHarness.NewCode());
        var url = files.Serve("projects.csv", ProjectsHarness.Csv(Row(good, pm.Name), Row(bad, "Nobody Known")));

        var reply = Assert.Single(await bot.SendAsync(FileMessage(pmo, "projects.csv", url, "csv")));

        var card = CardOf(reply);
        Assert.Equal("projects.csv: 1 created, 0 updated, 0 unchanged, 1 failed.", ((Activity)reply).Summary);
        Assert.Equal("Import of projects.csv", TextsOf(card)[0]);
        Assert.Contains(("Failed", "1"), FactsOf(card));
        Assert.Contains(FactsOf(card), f => f.Title == "Line 3" && f.Value.StartsWith($"{bad}: PM \"Nobody Known\"", StringComparison.Ordinal));
        Assert.NotNull(await bot.Register.GetAsync(good, None));
        await AdaptiveCardValidator.AssertValidAsync("import report card", card);
    }

    [Fact]
    public async Task A_pm_who_sends_a_csv_is_told_only_the_pmo_imports_and_nothing_is_downloaded()
    {
        var bot = await UploadBot.CreateAsync();
        var pm = await bot.PersonAsync("Megan", Role.ProjectManager);
        var code = ProjectsHarness.NewCode();
        var url = files.Serve("mine.csv", ProjectsHarness.Csv(Row(code, pm.Name)));

        var reply = Assert.Single(await bot.SendAsync(FileMessage(pm, "mine.csv", url, "csv")));

        Assert.Equal("Thanks for mine.csv, but only the PMO imports projects from files, so I did nothing with it. Ask a PMO member to import it.", reply.AsMessageActivity().Text);
        Assert.Equal(0, files.Downloads("mine.csv"));
        Assert.Null(await bot.Register.GetAsync(code, None));
    }

    [Fact]
    public async Task A_file_that_is_not_csv_gets_a_clear_answer()
    {
        var bot = await UploadBot.CreateAsync();
        var pmo = await bot.PersonAsync("Alex", Role.Pmo);
        var url = files.Serve("portfolio.xlsx", "PK...");

        var reply = Assert.Single(await bot.SendAsync(FileMessage(pmo, "portfolio.xlsx", url, "xlsx")));

        Assert.StartsWith("portfolio.xlsx is not a CSV file, so I did not import it. Save the sheet as CSV", reply.AsMessageActivity().Text, StringComparison.Ordinal);
        Assert.Equal(0, files.Downloads("portfolio.xlsx"));
    }

    [Fact]
    public async Task A_download_that_fails_is_reported_and_nothing_is_imported()
    {
        var bot = await UploadBot.CreateAsync();
        var pmo = await bot.PersonAsync("Alex", Role.Pmo);

        var reply = Assert.Single(await bot.SendAsync(FileMessage(pmo, "gone.csv", files.UrlOf("gone.csv"), "csv")));

        Assert.Equal("I could not download gone.csv (Teams answered 404 Not Found). Nothing was imported; send the file again.", reply.AsMessageActivity().Text);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused()
    {
        var bot = await UploadBot.CreateAsync(maxFileBytes: 1024);
        var pmo = await bot.PersonAsync("Alex", Role.Pmo);
        var url = files.Serve("big.csv", ProjectsHarness.Csv(Enumerable.Range(1, 20).Select(i => Row(ProjectsHarness.NewCode(i), "Megan")).ToArray()));

        var reply = Assert.Single(await bot.SendAsync(FileMessage(pmo, "big.csv", url, "csv")));

        Assert.StartsWith("big.csv is larger than 1 KB, the most I take from chat. Nothing was imported", reply.AsMessageActivity().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_that_does_not_point_to_a_teams_file_host_is_not_followed_and_the_same_file_from_one_is_imported()
    {
        var pm = "Megan";
        var (refusedCode, importedCode) = (ProjectsHarness.NewCode(), ProjectsHarness.NewCode());
        var strict = await UploadBot.CreateAsync(allowLoopback: false);
        var pmo = await strict.PersonAsync("Alex", Role.Pmo);
        await strict.PersonAsync(pm, Role.ProjectManager);
        var url = files.Serve("elsewhere.csv", ProjectsHarness.Csv(Row(refusedCode, pm)));

        var refused = Assert.Single(await strict.SendAsync(FileMessage(pmo, "elsewhere.csv", url, "csv")));

        Assert.Equal(
            "I could not download elsewhere.csv: its download link does not point to OneDrive or SharePoint over https, where Teams keeps files sent in chat. Nothing was imported; drop the file into this chat from your computer or OneDrive.",
            refused.AsMessageActivity().Text);
        Assert.Equal(0, files.Downloads("elsewhere.csv"));
        Assert.Null(await strict.Register.GetAsync(refusedCode, None));

        // The twin: the same bot with the local stand-in counted as a file host takes the same kind of file.
        var local = await UploadBot.CreateAsync(allowLoopback: true);
        var pmo2 = await local.PersonAsync("Alex", Role.Pmo);
        var pm2 = await local.PersonAsync(pm, Role.ProjectManager);
        var accepted = files.Serve("local.csv", ProjectsHarness.Csv(Row(importedCode, pm2.Name)));

        var reply = Assert.Single(await local.SendAsync(FileMessage(pmo2, "local.csv", accepted, "csv")));

        Assert.Equal("local.csv: 1 created, 0 updated, 0 unchanged, 0 failed.", ((Activity)reply).Summary);
        Assert.NotNull(await local.Register.GetAsync(importedCode, None));
    }

    [Theory]
    [InlineData("https://contoso-my.sharepoint.com/personal/megan/_layouts/15/download.aspx?UniqueId=1", true)]
    [InlineData("https://contoso.sharepoint.us/x.csv", true)]
    [InlineData("https://sharepoint.com/x.csv", true)]
    [InlineData("http://contoso-my.sharepoint.com/x.csv", false)]
    [InlineData("https://contoso-my.sharepoint.com.evil.example/x.csv", false)]
    [InlineData("https://evilsharepoint.com/x.csv", false)]
    [InlineData("https://169.254.169.254/metadata", false)]
    [InlineData("https://127.0.0.1/x.csv", false)]
    [InlineData("http://localhost:5190/x.csv", false)]
    [InlineData("https://files.contoso.example/x.csv", false)]
    public void Files_are_downloaded_from_teams_file_hosts_over_https_only(string url, bool allowed) =>
        Assert.Equal(allowed, new UploadedFilesOptions().Allows(new Uri(url)));

    [Fact]
    public void A_configured_host_and_a_local_stand_in_are_allowed_when_configured()
    {
        var options = new UploadedFilesOptions { ExtraDownloadHosts = ["files.contoso.example"], AllowLoopbackDownloads = true };

        Assert.True(options.Allows(new Uri("https://files.contoso.example/x.csv")));
        Assert.True(options.Allows(new Uri("https://eu.files.contoso.example/x.csv")));
        Assert.True(options.Allows(new Uri("http://127.0.0.1:5190/x.csv")));
        Assert.False(options.Allows(new Uri("http://files.contoso.example/x.csv")));
        Assert.False(options.Allows(new Uri("http://10.0.0.5/x.csv")));
    }

    [Fact]
    public void Only_a_teams_file_attachment_is_read_as_an_uploaded_file()
    {
        var person = TestPerson.New();
        var text = TeamsActivities.PersonalMessage(person, "hello");
        var card = TeamsActivities.PersonalMessage(person, string.Empty);
        card.Attachments = [ActivityMapping.CardAttachment(AdaptiveCard.Create([AdaptiveCard.Text("hi")]))];
        var file = OverTheWire(FileMessage(person, "projects.csv", new Uri("https://contoso.sharepoint.com/download?x=1"), "csv"));

        Assert.Null(ActivityMapping.FileOf(text));
        Assert.Null(ActivityMapping.FileOf(card));
        Assert.Equal(new UploadedFile("projects.csv", new Uri("https://contoso.sharepoint.com/download?x=1"), "csv"), ActivityMapping.FileOf(file));
    }

    /// <summary>A message as Teams sends it when someone drops a file into the personal chat.</summary>
    private static Activity FileMessage(TestPerson from, string name, Uri downloadUrl, string fileType)
    {
        var activity = TeamsActivities.PersonalMessage(from, string.Empty);
        activity.Text = null;
        activity.Attachments =
        [
            new Attachment
            {
                ContentType = FileDownloadInfo.ContentType,
                ContentUrl = downloadUrl.ToString(),
                Name = name,
                Content = JObject.FromObject(new FileDownloadInfo { DownloadUrl = downloadUrl.ToString(), UniqueId = Guid.NewGuid().ToString(), FileType = fileType }),
            },
        ];
        return activity;
    }

    private static string Row(string code, string pm) =>
        $"{code},Customer portal,Digital,{pm},,Lynne Robbins,Planning,2026-01-01,2026-12-31,450000,EUR,Weekly,Active,,";

    /// <summary>The bot with the People and Projects features and the CSV upload handler, as Program.cs composes them.</summary>
    private sealed class UploadBot
    {
        private readonly TeamsTestAdapter adapter = new();
        private readonly PmoTeamsBot bot;
        private readonly PeopleDirectory people;
        private readonly UserStore users;

        private UploadBot(PmoTeamsBot bot, PeopleDirectory people, UserStore users, ProjectRegister register)
        {
            this.bot = bot;
            this.people = people;
            this.users = users;
            Register = register;
        }

        public ProjectRegister Register { get; }

        public static async Task<UploadBot> CreateAsync(int maxFileBytes = 1024 * 1024, bool allowLoopback = true)
        {
            var storage = await AzuriteStorage.WithTablesAsync(
                UserStore.TableName, RoleMemberStore.TableName, UserLookupStore.TableName, ConversationReferenceStore.TableName, ProcessedActivityStore.TableName,
                ProjectStore.TableName, ProjectsByManagerStore.TableName);
            var time = TimeProvider.System;
            var users = new UserStore(storage);
            var people = new PeopleDirectory(users, new RoleMemberStore(storage), new UserLookupStore(storage), Options.Create(new RolesOptions()), time);
            var register = new ProjectRegister(new ProjectStore(storage), new ProjectsByManagerStore(storage), time);
            var reader = new ProjectInputReader(people);
            var visibility = new RoleProjectVisibility();
            var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
            var upload = new FileUploadRouter([new ProjectCsvUpload(new UploadedFileDownloader(http, Options.Create(new UploadedFilesOptions { AllowLoopbackDownloads = allowLoopback })), new ProjectCsvImporter(reader, register), Options.Create(new ProjectImportOptions { MaxFileBytes = maxFileBytes }))]);
            var bot = new PmoTeamsBot(
                people,
                new ConversationReferenceStore(storage),
                new ProcessedActivityStore(storage),
                new CommandRouter([new ProjectCommands(register, visibility)]),
                new CardActionRouter([new ProjectSaveCardAction(reader, register, visibility)]),
                time,
                NullLogger<PmoTeamsBot>.Instance,
                upload);
            return new UploadBot(bot, people, users, register);
        }

        /// <summary>
        /// Someone who has used PmoBot, found by name, holding <paramref name="role"/> on their profile only: the
        /// shared role lists (<c>RoleMembers</c>) that other tests read stay as they were.
        /// </summary>
        public async Task<TestPerson> PersonAsync(string firstName, Role role)
        {
            var person = TestPerson.New(firstName);
            await people.EnsureAsync(
                new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, null, "Europe/London", false, new HashSet<Role>(), DateTimeOffset.UtcNow),
                None);
            await users.UpdateAsync(person.AadObjectId, profile => profile! with { Roles = new HashSet<Role> { role } }, None);
            return person;
        }

        public async Task<IReadOnlyList<IActivity>> SendAsync(Activity activity)
        {
            adapter.ActiveQueue.Clear();
            await adapter.DeliverAsync(OverTheWire(activity), bot.OnTurnAsync);
            return adapter.ActiveQueue.ToList();
        }
    }

    /// <summary>A local stand-in for the short-lived download URLs Teams puts in a file message.</summary>
    private sealed class FileHost : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, string> contents = new();
        private readonly ConcurrentDictionary<string, int> downloads = new();
        private WebApplication app = null!;
        private string baseUrl = string.Empty;

        public static async Task<FileHost> StartAsync()
        {
            var host = new FileHost();
            host.app = LocalHttpServer.Create();
            host.app.MapGet("/download/{name}", (string name) =>
            {
                host.downloads.AddOrUpdate(name, 1, (_, count) => count + 1);
                return host.contents.TryGetValue(name, out var text) ? Results.Text(text, "text/csv", Encoding.UTF8) : Results.NotFound();
            });
            host.baseUrl = (await LocalHttpServer.StartAsync(host.app)).TrimEnd('/');
            return host;
        }

        public Uri UrlOf(string name) => new($"{baseUrl}/download/{name}");

        public Uri Serve(string name, string content)
        {
            contents[name] = content;
            return UrlOf(name);
        }

        public int Downloads(string name) => downloads.GetValueOrDefault(name);

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
