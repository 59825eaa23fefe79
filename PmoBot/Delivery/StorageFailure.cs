using Azure;

namespace PmoBot.Delivery;

/// <summary>Storage could not be reached or did not answer (as opposed to refusing a request that reached it).</summary>
public static class StorageFailure
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        HttpRequestException or IOException or TimeoutException or System.Net.Sockets.SocketException => true,
        TaskCanceledException => true,
        _ => false,
    };
}
