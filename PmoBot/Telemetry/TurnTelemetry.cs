using System.Diagnostics;

namespace PmoBot.Telemetry;

/// <summary>
/// One turn's span, duration metric and log line. Teams/ begins it when an activity arrives; the routers below say what
/// the turn turned out to be (<see cref="Describe"/>), without knowing anything about telemetry's plumbing. The span is
/// named "turn" and the command ("turn review", "turn event.register"); its tags carry the activity type, the command
/// or verb and the caller's role, never what they typed.
/// </summary>
public sealed partial class TurnTelemetry(PmoMetrics metrics, TimeProvider time, ILogger<TurnTelemetry> logger)
{
    public const string ActivityTypeTag = "pmobot.activity.type";
    public const string CommandTag = "pmobot.command";
    public const string RoleTag = "pmobot.caller.role";

    private static readonly AsyncLocal<Turn?> Current = new();

    /// <summary>Starts the turn's span (a child of the HTTP request's when one is being traced).</summary>
    public Turn Begin(string activityType, string? name)
    {
        var command = string.IsNullOrEmpty(name) ? activityType : name;
        // A span only when someone listens; otherwise an unlistened activity, so the log line still has a trace id.
        var span = PmoTelemetry.Source.StartActivity("turn " + command, ActivityKind.Internal) ?? StartUnlistened("turn " + command);
        span.SetTag(ActivityTypeTag, activityType);
        span.SetTag(CommandTag, command);
        var turn = new Turn(this, span, activityType, command, time.GetTimestamp());
        Current.Value = turn;
        return turn;
    }

    /// <summary>What the turn is: the command or card verb it ran ("unknown" for text that matched none).</summary>
    public static void Describe(string? command = null, string? role = null)
    {
        if (Current.Value is not { } turn)
        {
            return;
        }

        if (!string.IsNullOrEmpty(command))
        {
            turn.Command = command;
            turn.Span.DisplayName = "turn " + command;
            turn.Span.SetTag(CommandTag, command);
        }

        if (!string.IsNullOrEmpty(role))
        {
            turn.Role = role;
            turn.Span.SetTag(RoleTag, role);
        }
    }

    /// <summary>A failed turn: the span says so (the cause is logged once, where it is handled).</summary>
    public static void Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Current.Value?.Span.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
    }

    private static Activity StartUnlistened(string name)
    {
        var activity = new Activity(name);
        activity.SetIdFormat(ActivityIdFormat.W3C);
        return activity.Start();
    }

    private void End(Turn turn)
    {
        var elapsed = time.GetElapsedTime(turn.StartedAt);
        metrics.Turn(turn.ActivityType, turn.Command, elapsed);
        LogTurn(turn.ActivityType, turn.Command, turn.Role ?? "unrecognised", elapsed.TotalMilliseconds, turn.Span.TraceId);
        turn.Span.Stop();
        Current.Value = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {ActivityType} {Command} as {Role}: {ElapsedMs:0} ms, trace {TraceId}")]
    private partial void LogTurn(string activityType, string command, string role, double elapsedMs, ActivityTraceId traceId);

    public sealed class Turn(TurnTelemetry owner, Activity span, string activityType, string command, long startedAt) : IDisposable
    {
        internal Activity Span { get; } = span;

        internal string ActivityType { get; } = activityType;

        internal string Command { get; set; } = command;

        internal string? Role { get; set; }

        internal long StartedAt { get; } = startedAt;

        public void Dispose() => owner.End(this);
    }
}
