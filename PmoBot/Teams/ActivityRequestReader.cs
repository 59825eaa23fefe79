using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using JsonException = Newtonsoft.Json.JsonException;

namespace PmoBot.Teams;

/// <summary>
/// Reads the body of a POST to the messaging endpoint into an activity, or says why it cannot: a body that is not
/// JSON, too large, empty or not an activity is the client's mistake (4xx), never a failure of PmoBot.
/// </summary>
public static class ActivityRequestReader
{
    public static async Task<(Activity? Activity, Refusal? Refusal)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, new Refusal(StatusCodes.Status415UnsupportedMediaType, $"The Content-Type must be application/json; it is '{request.ContentType}'."));
        }

        if (UnreadableEncoding(request) is { } encoding)
        {
            return (null, new Refusal(StatusCodes.Status415UnsupportedMediaType, encoding));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBytes;
        }

        byte[] body;
        try
        {
            body = await ReadAtMostAsync(request.Body, maxBytes + 1, cancellationToken);
        }
        catch (BadHttpRequestException unreadable)
        {
            // Kestrel's own refusals while reading: the size limit (413), a malformed chunk, a client too slow (408).
            return (null, new Refusal(unreadable.StatusCode, $"The request body could not be read: {unreadable.Message}"));
        }

        if (body.Length > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (body.Length == 0)
        {
            return (null, Refusal.BadRequest("The request has no body: an activity (JSON) was expected."));
        }

        return Parse(body);
    }

    /// <summary>
    /// Teams sends UTF-8 JSON, uncompressed. A body in another character set or compressed would otherwise be reported
    /// as invalid JSON (400), which hides what is wrong with it: it is the wrong media type (415).
    /// </summary>
    private static string? UnreadableEncoding(HttpRequest request)
    {
        var contentEncoding = request.Headers.ContentEncoding.ToString();
        if (contentEncoding.Length > 0 && !contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return $"The body must not be compressed; its Content-Encoding is '{contentEncoding}'.";
        }

        var charset = request.GetTypedHeaders().ContentType?.Charset.ToString().Trim('"');
        return string.IsNullOrEmpty(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"The body must be UTF-8 JSON; its charset is '{charset}'.";
    }

    private static (Activity? Activity, Refusal? Refusal) Parse(byte[] body)
    {
        if (JsonSyntaxProblem(body) is { } notJson)
        {
            return (null, Refusal.BadRequest(notJson));
        }

        using var reader = new JsonTextReader(new StreamReader(new MemoryStream(body), Encoding.UTF8));
        try
        {
            // The SDK's own serializer, so the activity is read exactly as CloudAdapter would read it.
            return (HttpHelper.BotMessageSerializer.Deserialize<Activity>(reader), null);
        }
        catch (JsonException wrongShape)
        {
            var path = (wrongShape as JsonSerializationException)?.Path ?? (wrongShape as JsonReaderException)?.Path;
            return (null, Refusal.BadRequest($"The body is not an activity: '{path}' does not have the type an activity gives it."));
        }
    }

    /// <summary>
    /// Checks the body is one JSON object, no deeper than the SDK's serializer reads (128 levels), before the SDK
    /// reads it, so that a syntax error is reported as one (the SDK's reader reports a truncated body as a wrong type).
    /// </summary>
    private static string? JsonSyntaxProblem(byte[] body)
    {
        const int maxDepth = 128;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = maxDepth, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "The body is not an activity: a JSON object was expected.";
            }

            while (reader.Read())
            {
            }

            return null;
        }
        catch (System.Text.Json.JsonException invalid)
        {
            if (reader.CurrentDepth >= maxDepth - 1)
            {
                return $"The body is JSON nested deeper than {maxDepth} levels.";
            }

            return $"The body is not valid JSON (line {invalid.LineNumber + 1}, byte {invalid.BytePositionInLine + 1}).";
        }
    }

    private static Refusal TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The activity is larger than {maxBytes} bytes (MessagesEndpoint:MaxActivityBytes).");

    private static async Task<byte[]> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < limit && (read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
