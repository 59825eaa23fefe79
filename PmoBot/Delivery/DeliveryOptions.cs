using System.ComponentModel.DataAnnotations;

namespace PmoBot.Delivery;

public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Delivery:QueueName must be a valid Azure queue name.")]
    public string QueueName { get; set; } = "pmobot-outbox";

    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Delivery:DeadLetterQueueName must be a valid Azure queue name.")]
    public string DeadLetterQueueName { get; set; } = "pmobot-outbox-poison";

    /// <summary>Run sender workers in this instance (any number of instances may share the queue).</summary>
    public bool SendersEnabled { get; set; } = true;

    [Range(1, 64)]
    public int Senders { get; set; } = 8;

    /// <summary>The per-app per-tenant rate Teams documents; some sources say 50.</summary>
    [Range(1, 1000)]
    public double GlobalRatePerSecond { get; set; } = 30;

    /// <summary>
    /// How many instances are assumed to share the queue until this one has read the instance table
    /// (<see cref="SenderInstances"/>); from then on the app's rate is split among the instances alive now.
    /// </summary>
    [Range(1, 100)]
    public int SendingInstances { get; set; } = 1;

    /// <summary>This instance's share of the app-wide rate before it has seen the other instances.</summary>
    public double InstanceRatePerSecond => GlobalRatePerSecond / SendingInstances;

    /// <summary>How often a sending instance writes its heartbeat and reads the others'.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An instance whose heartbeat has not moved for this long is dead: its share of the app's rate goes to the
    /// others, the messages it had received are made visible again and its leases may be taken.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.300", "00:05:00")]
    public TimeSpan InstanceDeadAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Seconds of this instance's sending it keeps received ahead, so that a slow or paused queue read does not
    /// stop the senders. Must stay well inside <see cref="VisibilityTimeout"/>: the messages are hidden meanwhile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Prefetch { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many messages <see cref="Prefetch"/> comes to at the app's whole rate (at least one per sender): an
    /// instance left alone sends at that rate, and a dead instance's prefetch is handed back within seconds.
    /// </summary>
    public int PrefetchCount => Math.Max(Senders, (int)Math.Ceiling(GlobalRatePerSecond * Prefetch.TotalSeconds));

    /// <summary>Attempts before a delivery is dead-lettered and reported.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
