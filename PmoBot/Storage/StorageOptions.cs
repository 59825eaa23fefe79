using System.ComponentModel.DataAnnotations;

namespace PmoBot.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [Required(ErrorMessage = "Storage:ConnectionString is required (UseDevelopmentStorage=true for Azurite).")]
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>
    /// How long a storage request may go unanswered before PmoBot gives up on it. A table or queue call takes
    /// milliseconds, and a table query page at most 5 s on the service; the SDK's own 100 s a try (four tries) meant a
    /// storage account that accepted connections and answered nothing held a person's turn for minutes, long after
    /// Teams had stopped waiting. A request that timed out is not tried again (<see cref="StorageRetryPolicy"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Storage:RequestTimeout must be between 0.1 seconds and 5 minutes.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The same, for each request of a card press or a dialog (an invoke), which Teams waits five seconds for before it
    /// shows an error and sends it again: storage that does not answer is given up on in time for the apology to be
    /// the answer (<see cref="StorageWaitLimit"/>). Never longer than <see cref="RequestTimeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:04.500", ErrorMessage = "Storage:InvokeRequestTimeout must be between 0.1 and 4.5 seconds: Teams gives a card press five seconds.")]
    public TimeSpan InvokeRequestTimeout { get; set; } = TimeSpan.FromSeconds(3.5);

    /// <summary>Tries after the first for a refused connection or a 408, 429 or 5xx answer, 0.2, 0.4, 0.8 s (at most 1 s) apart.</summary>
    [Range(0, 10, ErrorMessage = "Storage:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 3;
}
