using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// A local stand-in for the OneDrive upload session Teams hands a bot when a person accepts a file (the
/// <c>uploadInfo.uploadUrl</c> of a <c>fileConsent/invoke</c>): it takes the bot's PUT and keeps what was uploaded.
/// </summary>
public sealed class OneDriveUploads : IAsyncDisposable
{
    private readonly WebApplication app;

    private OneDriveUploads(WebApplication app, string uploadUrl)
    {
        this.app = app;
        UploadUrl = uploadUrl;
    }

    /// <summary>Where uploads go (PUT): a file name is appended to it.</summary>
    public string UploadUrl { get; }

    public ConcurrentQueue<(string ContentRange, byte[] Body)> Uploaded { get; } = new();

    public static async Task<OneDriveUploads> StartAsync()
    {
        var app = LocalHttpServer.Create();
        OneDriveUploads? uploads = null;
        app.MapPut("/upload/{name}", async (string name, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            uploads!.Uploaded.Enqueue((request.Headers.ContentRange.ToString(), body.ToArray()));
            return Results.Json(new { id = name });
        });
        uploads = new OneDriveUploads(app, await LocalHttpServer.StartAsync(app) + "upload/");
        return uploads;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
