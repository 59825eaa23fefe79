using System.Globalization;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Schedule;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>
/// <c>review</c> (start or continue the week's reviews), <c>review &lt;code&gt;</c> (one project, on demand),
/// <c>review form [code]</c> (every question on one card) and <c>resume</c> (continue a paused review).
/// </summary>
public sealed class ReviewCommands(ReviewSessionStore sessions, ReviewStarter starter, ReviewTemplateStore templates, ReviewFormOpener forms, TimeProvider time) : ICommandModule
{
    public const string ReviewCommand = "review";
    public const string FormCommand = "review form";
    public const string ResumeCommand = "resume";

    public static readonly IReadOnlySet<Role> Reviewers = new HashSet<Role> { Role.ProjectManager, Role.Pmo, Role.Admin };

    public IEnumerable<CommandDefinition> Commands =>
    [
        new(ReviewCommand, "review [project code]", "Answer this week's project reviews, one question at a time", Reviewers, ReviewAsync),
        new(FormCommand, "review form [project code]", "Answer a review on one card instead", Reviewers, FormAsync),
        new(ResumeCommand, ResumeCommand, "Continue a review you paused", Reviewers, (request, ct) => ResumeAsync(request, ct)),
    ];

    /// <summary>The review commands whose second word a typo of it would otherwise read as a project code.</summary>
    /// <summary>The second words of the review commands that take more words: <c>form</c>, <c>history</c>, <c>schedule</c>, <c>template</c>.</summary>
    private static readonly string[] Subcommands = [.. new[] { FormCommand, ReviewHistoryCommands.HistoryCommand, ReviewScheduleCommands.ScheduleCommand, ReviewTemplateCommands.ShowCommand }.Select(c => c[(ReviewCommand.Length + 1)..])];

    /// <summary>
    /// <c>review histroy PRJ-101</c> as <c>review history PRJ-101</c>: a project code has no space, so arguments whose
    /// first word is a near miss of a review command's second word are that command mistyped, not a project.
    /// </summary>
    public static string? MisspeltSubcommand(string arguments)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0].Length < 3)
        {
            return null;
        }

        var first = words[0].ToLowerInvariant();
        var meant = Subcommands.FirstOrDefault(s => s != first && CommandText.Distance(first, s) <= (s.Length > 4 ? 2 : 1));
        return meant is null ? null : string.Join(' ', [ReviewCommand, meant, .. words.Skip(1)]);
    }

    private async Task<Reply> ReviewAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Conversation != Conversations.ConversationKind.Personal)
        {
            return Reply.Message("Reviews are answered in your personal chat with me, so your answers stay private. Open a chat with PmoBot and type **review** there.");
        }

        var code = request.Arguments.Trim();
        var culture = ChatCulture.From(request.Locale);
        var stored = await sessions.GetAsync(request.Caller.UserKey, cancellationToken);
        if (stored is not null && (code.Length == 0 || string.Equals(code, stored.Session.ProjectCode, StringComparison.OrdinalIgnoreCase)))
        {
            return await ResumeAsync(request, cancellationToken);
        }

        if (stored is not null)
        {
            var open = stored.Session;
            return Reply.Message($"You have the review of **{open.ProjectCode}** open (question {open.Step + 1}). Finish it (type **resume**) or drop it (**resume**, then **cancel**), then type **review {code}**.");
        }

        if (MisspeltSubcommand(code) is { } meant)
        {
            return Reply.Message($"I don't know **review {code.Split(' ')[0]}**: did you mean **{meant}**? Nothing was opened. Type **help** to see the review commands.");
        }

        var period = starter.CurrentPeriod(request.Caller);
        IReadOnlyList<string> codes;
        if (code.Length > 0)
        {
            if (await starter.RefusalAsync(request.Caller, code, cancellationToken) is { } refusal)
            {
                return Reply.Message(refusal);
            }

            codes = [code.ToUpperInvariant()];
        }
        else
        {
            codes = await starter.DueProjectsAsync(request.Caller.UserKey, period, managerOnly: false, cancellationToken);
            if (codes.Count == 0)
            {
                return Reply.Message(await starter.NothingDueTextAsync(request.Caller, period, cancellationToken));
            }
        }

        var started = await starter.NewSessionAsync(request.Caller.UserKey, codes, period, skipSubmitted: false, cancellationToken);
        if (started is not { } fresh)
        {
            return Reply.Message(ReviewAccess.NotYours(code));
        }

        if (!await sessions.TrySaveAsync(fresh.Session, null, cancellationToken))
        {
            return await ResumeAsync(request, cancellationToken);
        }

        var intro = fresh.Session.Correcting && await starter.LastSubmittedAsync(fresh.Session.ProjectCode, cancellationToken) is { } submitted && submitted.Period == period
            ? $"{ReviewCorrection.Intro(submitted, UserTimeZones.Resolve(request.Caller.TimeZone))} Going through it again corrects it: each question shows the submitted answer, **same** keeps it, and **submit** at the end replaces the review. " +
                $"**cancel** leaves it as it was submitted."
            : $"Review of **{fresh.Session.ProjectCode}** for week {period}: {fresh.Template.Questions.Count} questions{(codes.Count > 1 ? $", then {codes.Count - 1} more {(codes.Count == 2 ? "project" : "projects")}" : string.Empty)}. " +
                $"Type **back**, **skip**, **same**, **pause** or **cancel** at any time, **review form** for every question on one card, or **help**.";
        return ReviewPrompts.Question(fresh.Session, fresh.Template, culture, starter.Today(request.Caller), intro);
    }

    private async Task<Reply> ResumeAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var stored = await sessions.GetAsync(request.Caller.UserKey, cancellationToken);
        if (stored is null)
        {
            return Reply.Message("You have no review open. Type **review** to start this week's.");
        }

        var pinned = await templates.GetAsync(stored.Session.TemplateVersion, stored.Session.ProjectCode, cancellationToken) ?? await templates.GetCurrentAsync(stored.Session.ProjectCode, cancellationToken);
        var (session, template, upgraded) = await starter.NewestIfNotBegunAsync(stored.Session, pinned, cancellationToken);
        if (session.Paused || upgraded)
        {
            session = session with { Paused = false, UpdatedAt = time.GetUtcNow() };
            if (!await sessions.TrySaveAsync(session, stored.ETag, cancellationToken))
            {
                return Reply.Message("Your review changed in another window meanwhile. Type **resume** again to see where it stands.");
            }
        }

        var back = $"Back to your review of **{session.ProjectCode}**.";
        return ReviewConversation.Show(session, template, ChatCulture.From(request.Locale), starter.Today(request.Caller), upgraded ? $"{back} {ReviewStarter.NewerQuestionnaireNote(template)}" : back);
    }

    private Task<Reply> FormAsync(CommandRequest request, CancellationToken cancellationToken) =>
        forms.OpenAsync(request.Caller, request.Arguments, request.Locale, cancellationToken);
}
