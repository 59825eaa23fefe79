namespace PmoBot.Tests.Delivery;

/// <summary>Counts sends the way Teams states its limits: "no more than N in any window of this length".</summary>
public static class SendWindows
{
    public static int MostInAnyWindow(IEnumerable<TimeSpan> sendTimes, TimeSpan window)
    {
        var sends = sendTimes.Order().ToList();
        var most = 0;
        var start = 0;
        for (var end = 0; end < sends.Count; end++)
        {
            while (sends[end] - sends[start] >= window)
            {
                start++;
            }

            most = Math.Max(most, end - start + 1);
        }

        return most;
    }

    public static int MostInAnyWindow(IEnumerable<DateTimeOffset> sendTimes, TimeSpan window) =>
        MostInAnyWindow(sendTimes.Select(at => at - DateTimeOffset.UnixEpoch), window);
}
