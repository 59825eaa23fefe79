using PmoBot.People;

namespace PmoBot.Reviews.CheckIn;

/// <summary>On a PM's welcome: this week's reviews still to answer, since the week's invitation could not reach someone who had not opened PmoBot.</summary>
public sealed class ReviewWelcomeNote(ReviewStarter starter) : IWelcomeNote
{
    public async Task<string?> NoteAsync(PmoUser person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (!person.HasAny(ReviewCommands.Reviewers))
        {
            return null;
        }

        var period = starter.CurrentPeriod(person);
        var due = await starter.DueProjectsAsync(person.UserKey, period, managerOnly: false, cancellationToken);
        return due.Count switch
        {
            0 => null,
            1 => $"Your review of **{due[0]}** for week {period} is waiting. Type **review** to answer it.",
            _ => $"Your reviews for week {period} are waiting: {string.Join(", ", due.SkipLast(1).Select(c => $"**{c}**"))} and **{due[^1]}**. Type **review** to answer them one after another.",
        };
    }
}
