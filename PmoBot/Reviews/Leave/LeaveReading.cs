namespace PmoBot.Reviews.Leave;

/// <summary>What the PM's calendar says about the review window.</summary>
public abstract record LeaveReading
{
    /// <summary>At work when the window opens (leave that starts later in the window does not delay the review).</summary>
    public sealed record AtWork : LeaveReading;

    /// <summary>
    /// Out of office when the window opens: back at <paramref name="Back"/> (the start of their first working slot
    /// that is not out of office), or away for the whole window when it is null.
    /// </summary>
    public sealed record Away(DateTimeOffset? Back) : LeaveReading
    {
        public bool WholeWindow => Back is null;
    }

    /// <summary>The calendar could not be read (Graph not configured, refused, down); the review opens as usual.</summary>
    public sealed record Unknown(string Why) : LeaveReading;
}
