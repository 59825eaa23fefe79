using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace PmoBot.Graph;

/// <summary>
/// Graph's final answer to a call the SDK could not complete: the status, Graph's own message, and how long Graph
/// asked to wait. The SDK reports a refusal as <see cref="ODataError"/> (an <see cref="ApiException"/> carrying the
/// status and headers), and throttling that outlasted its retry handler as an <see cref="AggregateException"/> of the
/// answers it got; both are read here so each feature explains them the same way.
/// </summary>
public sealed record GraphFailure(HttpStatusCode Status, string Message, TimeSpan? RetryAfter)
{
    public int Code => (int)Status;

    /// <summary>Graph is throttling or unavailable: the answer is to try again later.</summary>
    public bool IsBusy => Status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Graph's message, with the wait it asked for when it asked for one.</summary>
    public string Detail => RetryAfter is { } wait
        ? string.Create(CultureInfo.InvariantCulture, $"{Message} (Graph asked to wait {wait.TotalSeconds:0} seconds)")
        : Message;

    public static bool TryRead(Exception exception, [NotNullWhen(true)] out GraphFailure? failure)
    {
        failure = exception switch
        {
            ApiException api when api.ResponseStatusCode > 0 => From(api, MessageOf(api)),
            AggregateException { InnerExceptions: [.., ApiException last] } all when last.ResponseStatusCode > 0 =>
                From(last, $"{ReasonOf(last)}, {all.InnerExceptions.Count} times"),
            _ => null,
        };
        return failure is not null;
    }

    private static GraphFailure From(ApiException api, string message) =>
        new((HttpStatusCode)api.ResponseStatusCode, message, RetryAfterOf(api));

    /// <summary>Graph's error message when it sent one; the status's name otherwise (a proxy's page says nothing useful).</summary>
    private static string MessageOf(ApiException api) =>
        api is ODataError { Error.Message: { Length: > 0 } message } ? message : ReasonOf(api);

    private static string ReasonOf(ApiException api) =>
        ((HttpStatusCode)api.ResponseStatusCode).ToString() is var name && int.TryParse(name, out _) ? $"status {api.ResponseStatusCode}" : SplitWords(name);

    private static string SplitWords(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? $" {c}" : c.ToString()));

    /// <summary>Graph gives <c>Retry-After</c> in seconds.</summary>
    private static TimeSpan? RetryAfterOf(ApiException api)
    {
        var value = api.ResponseHeaders.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
    }
}
