using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Reviews.Templates.ReviewTemplatesHarness;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Reviews.Templates;

/// <summary>A .json template sent in chat: the file served by a local stand-in for Teams' download URL, published on the run's Azurite.</summary>
public sealed class ReviewTemplateUploadTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private FileHost files = null!;

    public async Task InitializeAsync() => files = await FileHost.StartAsync();

    public async Task DisposeAsync() => await files.DisposeAsync();

    [Fact]
    public async Task A_pmo_member_sends_a_json_template_and_it_is_published()
    {
        var (harness, uploads) = await CreateAsync();
        var pmo = Person("Alex", Role.Pmo);
        var url = files.Serve("template.json", Encoding.UTF8.GetBytes(ReviewTemplateJson.Serialize(Changed("Uploaded question?"))));

        var reply = await uploads.RouteAsync(Upload(pmo, "template.json", url), None);

        Assert.Equal("template.json: published as review template version 2.", reply.Text);
        Assert.Equal("Review template, version 2", TextsOf(reply.Card!)[0]);
        Assert.Contains("Published template.json as version 2: it is now the current review template.", TextsOf(reply.Card!));
        var current = await harness.NewStore().GetCurrentAsync(None);
        Assert.Equal((2, pmo.Name, "Uploaded question?"), (current.Version, current.PublishedBy, current.Questions[0].Text));
        await AdaptiveCardValidator.AssertValidAsync("review template card after an upload", reply.Card!);
    }

    [Fact]
    public async Task A_file_saved_with_a_byte_order_mark_is_read()
    {
        var (harness, uploads) = await CreateAsync();
        var content = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ReviewTemplateJson.Serialize(Changed("With a BOM?")))).ToArray();
        var url = files.Serve("bom.json", content);

        var reply = await uploads.RouteAsync(Upload(Person("Alex", Role.Admin), "bom.json", url), None);

        Assert.Equal("bom.json: published as review template version 2.", reply.Text);
        Assert.Equal("With a BOM?", (await harness.NewStore().GetCurrentAsync(None)).Questions[0].Text);
    }

    [Fact]
    public async Task A_template_with_errors_is_answered_with_every_error_and_nothing_is_published()
    {
        var (harness, uploads) = await CreateAsync();
        var url = files.Serve("broken.json", Encoding.UTF8.GetBytes("""[{"id": "overall", "text": "Overall?", "type": "rag"}, {"id": "cost", "text": "Cost?", "type": "money"}]"""));

        var reply = await uploads.RouteAsync(Upload(Person("Alex", Role.Pmo), "broken.json", url), None);

        Assert.Equal("broken.json: nothing was published, 2 errors to fix.", reply.Text);
        var card = reply.Card!;
        Assert.Equal("broken.json was not published", TextsOf(card)[0]);
        Assert.Contains(
            "Please fix:\n\n"
            + "- Question 2 (cost): \"cost\" is a question PmoBot reads meaning from (status, earned value, warnings), so its \"type\" must stay rag, not money. Give a different question an id of its own.\n"
            + "- No question is required: set \"required\": true on at least one, e.g. the overall RAG, so a review always says something.",
            TextsOf(card));
        Assert.Equal([], (await harness.StoredVersionsAsync()).Where(v => v > 1));
        await AdaptiveCardValidator.AssertValidAsync("review template file not published", card);
    }

    [Fact]
    public async Task A_file_with_the_current_questions_is_not_published_again()
    {
        var (harness, uploads) = await CreateAsync();
        var url = files.Serve("same.json", Encoding.UTF8.GetBytes(ReviewTemplateJson.Serialize(DefaultTemplate.Questions)));

        var reply = await uploads.RouteAsync(Upload(Person("Alex", Role.Pmo), "same.json", url), None);

        Assert.Equal("same.json: the same as version 1; nothing was published.", reply.Text);
        Assert.Equal([1], await harness.StoredVersionsAsync());
    }

    [Fact]
    public async Task Someone_outside_the_pmo_is_told_who_can_and_nothing_is_downloaded()
    {
        var (harness, uploads) = await CreateAsync();
        var url = files.Serve("mine.json", Encoding.UTF8.GetBytes(ReviewTemplateJson.Serialize(Changed("Mine?"))));

        var reply = await uploads.RouteAsync(Upload(Person("Megan", Role.ProjectManager, Role.Leader), "mine.json", url), None);

        Assert.Equal("Thanks for mine.json, but only PMO members and admins change the review template, so I did nothing with it. Ask a PMO member to publish it.", reply.Text);
        Assert.Equal(0, files.Downloads("mine.json"));
        Assert.Empty(await harness.StoredVersionsAsync());
    }

    [Fact]
    public async Task A_file_over_256_kb_is_refused()
    {
        var (_, uploads) = await CreateAsync();
        var url = files.Serve("huge.json", Encoding.UTF8.GetBytes("[" + new string(' ', 256 * 1024) + "]"));

        var reply = await uploads.RouteAsync(Upload(Person("Alex", Role.Pmo), "huge.json", url), None);

        Assert.Equal("huge.json is larger than 256 KB, the most I take from chat. Nothing was published.", reply.Text);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_text_is_refused()
    {
        var (harness, uploads) = await CreateAsync();
        var url = files.Serve("latin1.json", [0x5B, 0x22, 0xE9, 0x22, 0x5D]);

        var reply = await uploads.RouteAsync(Upload(Person("Alex", Role.Pmo), "latin1.json", url), None);

        Assert.Equal("latin1.json is not UTF-8 text, so it cannot be a JSON template. Nothing was published; save it as UTF-8 and send it again.", reply.Text);
        Assert.Empty(await harness.StoredVersionsAsync());
    }

    [Fact]
    public async Task A_download_that_fails_is_reported()
    {
        var (_, uploads) = await CreateAsync();

        var reply = await uploads.RouteAsync(Upload(Person("Alex", Role.Pmo), "gone.json", files.UrlOf("gone.json")), None);

        Assert.Equal("I could not download gone.json (Teams answered 404 Not Found). Nothing was published; send the file again.", reply.Text);
    }

    [Fact]
    public async Task Json_files_are_what_the_handler_takes_and_other_files_are_explained()
    {
        var (_, uploads) = await CreateAsync();

        var reply = await uploads.RouteAsync(Upload(Person("Alex", Role.Pmo), "notes.txt", files.UrlOf("notes.txt")), None);

        Assert.Equal("I can't use notes.txt: I take a JSON review template (.json). Nothing was changed.", reply.Text);
        Assert.Equal(0, files.Downloads("notes.txt"));
    }

    private static FileUploadRequest Upload(PmoUser caller, string name, Uri url) =>
        new(caller, new UploadedFile(name, url, Path.GetExtension(name).TrimStart('.')), ConversationKind.Personal);

    private static async Task<(ReviewTemplatesHarness Harness, FileUploadRouter Uploads)> CreateAsync()
    {
        var harness = await ReviewTemplatesHarness.CreateAsync();
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return (harness, new FileUploadRouter([new ReviewTemplateUpload(new UploadedFileDownloader(http, Options.Create(new UploadedFilesOptions { AllowLoopbackDownloads = true })), harness.Publisher)]));
    }

    /// <summary>A local stand-in for the short-lived download URLs Teams puts in a file message.</summary>
    private sealed class FileHost : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, byte[]> contents = new();
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
                return host.contents.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "application/json") : Results.NotFound();
            });
            host.baseUrl = (await LocalHttpServer.StartAsync(host.app)).TrimEnd('/');
            return host;
        }

        public Uri UrlOf(string name) => new($"{baseUrl}/download/{name}");

        public Uri Serve(string name, byte[] content)
        {
            contents[name] = content;
            return UrlOf(name);
        }

        public int Downloads(string name) => downloads.GetValueOrDefault(name);

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
