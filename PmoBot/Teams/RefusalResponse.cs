using System.Globalization;

namespace PmoBot.Teams;

/// <summary>Answers a refused request: the status, the reason as problem details, and one line in the (rate-limited) log.</summary>
public static class RefusalResponse
{
    public static async Task WriteAsync(HttpContext context, Refusal refusal, TimeSpan? retryAfter = null)
    {
        context.RequestServices.GetRequiredService<RefusalLog>()
            .Refused(ClientAddress.Display(context), context.Request.Method, context.Request.Path, refusal);
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await Results.Problem(detail: refusal.Detail, statusCode: refusal.StatusCode).ExecuteAsync(context);
    }
}
