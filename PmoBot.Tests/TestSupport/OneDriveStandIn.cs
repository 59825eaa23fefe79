using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// A local stand-in for OneDrive as Teams hands it to a bot: the upload session of an accepted file consent card (the
/// <c>uploadInfo.uploadUrl</c> of a <c>fileConsent/invoke</c>, which takes the bot's PUT), and the pre-authenticated
/// download links of files a person sends (loopback http, which the bot accepts from a local stand-in only).
/// </summary>
public sealed class OneDriveStandIn : IAsyncDisposable
{
    private readonly WebApplication app;

    private OneDriveStandIn(WebApplication app, string uploadUrl)
    {
        this.app = app;
        UploadUrl = uploadUrl;
    }

    /// <summary>Where uploads go (PUT): a file name is appended to it.</summary>
    public string UploadUrl { get; }

    public ConcurrentQueue<(string ContentRange, byte[] Body)> Uploaded { get; } = new();

    private ConcurrentDictionary<string, string> Served { get; } = new();

    public static async Task<OneDriveStandIn> StartAsync()
    {
        var app = LocalHttpServer.Create();
        OneDriveStandIn? oneDrive = null;
        app.MapPut("/upload/{name}", async (string name, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            oneDrive!.Uploaded.Enqueue((request.Headers.ContentRange.ToString(), body.ToArray()));
            return Results.Json(new { id = name });
        });
        app.MapGet("/download/{name}", (string name) => oneDrive!.Served.TryGetValue(name, out var content) ? Results.Text(content, "text/csv") : Results.NotFound());
        oneDrive = new OneDriveStandIn(app, await LocalHttpServer.StartAsync(app) + "upload/");
        return oneDrive;
    }

    /// <summary>Serves <paramref name="content"/> and returns its download link.</summary>
    public Uri Serve(string name, string content)
    {
        var key = $"{Guid.NewGuid():N}-{name}";
        Served[key] = content;
        return new Uri(UploadUrl.Replace("/upload/", "/download/", StringComparison.Ordinal) + key);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
