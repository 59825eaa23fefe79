namespace PmoBot.Development.Mentoring;

public enum MentoringSide
{
    Mentor,
    Mentee,
}

/// <summary>A mentor and a mentee the PMO paired, with a goal in a knowledge area. Check-ins fall monthly from <see cref="StartedOn"/>.</summary>
public sealed record MentoringPair(
    string Id,
    string MentorKey,
    string MentorName,
    string MenteeKey,
    string MenteeName,
    string KnowledgeArea,
    string Goal,
    DateOnly StartedOn,
    bool Active,
    string PairedBy,
    DateTimeOffset CreatedAt)
{
    /// <summary>When the PMO ended the pair (<c>mentor end</c>); null while it is active.</summary>
    public DateOnly? EndedOn { get; init; }

    public string? EndedBy { get; init; }

    public string KeyOf(MentoringSide side) => side == MentoringSide.Mentor ? MentorKey : MenteeKey;

    public string NameOf(MentoringSide side) => side == MentoringSide.Mentor ? MentorName : MenteeName;

    /// <summary>The month-th check-in's date (1 is a month after the start); months past the start's last day fall on the month's end.</summary>
    public DateOnly CheckInDue(int month) => StartedOn.AddMonths(month);

    /// <summary>How many check-ins have fallen due by <paramref name="today"/>.</summary>
    public int CheckInsDue(DateOnly today)
    {
        var months = 0;
        while (CheckInDue(months + 1) <= today)
        {
            months++;
        }

        return months;
    }
}

/// <summary>One side's answer to one monthly check-in.</summary>
public sealed record MentoringCheckIn(string PairId, int Month, MentoringSide Side, bool Met, string Notes, DateTimeOffset AnsweredAt);
