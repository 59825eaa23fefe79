namespace PmoBot.Graph;

/// <summary>Counts every answer from Graph that was not a success, by status, on <see cref="Telemetry.PmoMetrics"/>.</summary>
public sealed class GraphFailureCounter(Telemetry.PmoMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            // No answer at all (refused, reset, DNS): counted as status 0, the way the SDK reports it.
            metrics.GraphFailure(0);
            throw;
        }

        if (!response.IsSuccessStatusCode)
        {
            metrics.GraphFailure((int)response.StatusCode);
        }

        return response;
    }
}
