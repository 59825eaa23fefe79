using System.ComponentModel.DataAnnotations;

namespace PmoBot.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [Required(ErrorMessage = "Storage:ConnectionString is required (UseDevelopmentStorage=true for Azurite).")]
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>
    /// How long one try of a storage request may take before it is abandoned and tried again. A table or queue call
    /// takes milliseconds; the SDK's own 100 s meant a storage account that accepted connections and answered nothing
    /// held a person's turn for minutes, long after Teams had stopped waiting.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Storage:RequestTimeout must be between 0.1 seconds and 5 minutes.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Tries after the first, after 0.2, 0.4, 0.8 s (at most 1 s) pauses: with the defaults a storage account that
    /// answers nothing is given up on in about 21 s, one that refuses connections in under 2 s.
    /// </summary>
    [Range(0, 10, ErrorMessage = "Storage:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 3;
}
