using System.Globalization;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Lessons;

/// <summary><c>lesson add</c> opens the form; <c>lessons [category] [page n]</c> lists what the PMO has learned.</summary>
public sealed class LessonCommands(LessonStore store) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("lesson add", "lesson add [category]", "Record a lesson learned with a form: what happened, what to do next time, contingency actions", Roles.PmoOrAdmin, AddAsync),
        new("lessons", "lessons [category] [page n]", "The lessons learned, newest first, all or of one category (a warning rule or knowledge area)", Roles.PmoOrAdmin, ListAsync),
    ];

    private static Task<Reply> AddAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var category = LessonCategories.TryFind(request.Arguments, out var found) ? found.Id : null;
        return Task.FromResult(Reply.WithCard(LessonCards.Form(LessonInput.Blank with { Category = category })));
    }

    private async Task<Reply> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var page = 1;
        if (words.Count >= 2 && string.Equals(words[^2], "page", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(words[^1], NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1)
            {
                return Reply.Message($"\"{words[^1]}\" is not a page number. Pages start at 1, e.g. **lessons page 2**.");
            }

            words.RemoveRange(words.Count - 2, 2);
        }

        var all = await store.ListAsync(cancellationToken);
        if (words.Count == 0)
        {
            return Reply.WithCard(LessonCards.List(all, "Lessons learned", "lessons", page, request.Caller, "No lessons yet: record the first with **lesson add**."));
        }

        var text = string.Join(' ', words);
        if (!LessonCategories.TryFind(text, out var category))
        {
            return Reply.Message($"\"{text}\" is not a lesson category. The categories are: {LessonCategories.List}.");
        }

        var inCategory = all.Where(l => string.Equals(l.Category, category.Id, StringComparison.OrdinalIgnoreCase)).ToList();
        return Reply.WithCard(LessonCards.List(
            inCategory,
            $"Lessons learned: {category.Title}",
            $"lessons {category.Id}",
            page,
            request.Caller,
            $"No lessons on {category.Title.ToLowerInvariant()} yet: record one with **lesson add {category.Id}**."));
    }
}

/// <summary>The Save button of the lesson form: every error comes back in the same card; a valid lesson is stored and shown.</summary>
public sealed partial class LessonSaveCardAction(LessonInputReader reader, LessonStore store, IEnumerable<ILessonObserver>? observers = null, ILogger<LessonSaveCardAction>? logger = null) : ICardActionHandler
{
    public string Verb => LessonCards.SaveVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var input = LessonCards.Read(request);
        if (input.FormId is { Length: > AdaptiveCard.MaxFormIdLength })
        {
            // Kept as a property of the lesson (64 KB at most): a longer id would fail in storage after the checks.
            return Reply.Message("This lesson form is not one PmoBot made (its id is too long), so nothing was saved. Type **lesson add** for a fresh form.");
        }

        if (await SavedByAsync(input.FormId, cancellationToken) is { } saved)
        {
            return AlreadySaved(saved, request.Caller);
        }

        var reading = await reader.ReadAsync(input, request.Caller.Name, cancellationToken);
        if (reading.Lesson is not { } lesson)
        {
            return Reply.WithCard(LessonCards.Form(input, reading.Errors), "Nothing was saved yet: " + reading.Errors[0]);
        }

        // The same form sent twice at once: the second finds the first's lesson. Another form's lesson under the same
        // id is all but impossible; if it happens, a second id keeps the PMO's typing.
        if (!await store.AddAsync(lesson, cancellationToken))
        {
            if (await SavedByAsync(input.FormId, cancellationToken) is { } first)
            {
                return AlreadySaved(first, request.Caller);
            }

            lesson = lesson with { Id = Lesson.NewId() };
            await store.AddAsync(lesson, cancellationToken);
        }

        foreach (var observer in observers ?? [])
        {
            try
            {
                await observer.LessonRecordedAsync(lesson, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (logger is not null)
                {
                    LogObserverFailed(logger, ex, observer.GetType().Name, lesson.Id);
                }
            }
        }

        return Reply.WithCard(
            LessonCards.Lesson(lesson, request.Caller, $"Recorded {lesson.Id}. Warnings of this kind will now suggest it."),
            $"Recorded lesson {lesson.Id}: {lesson.Title}.");
    }

    private static Reply AlreadySaved(Lesson lesson, PmoUser caller) =>
        Reply.WithCard(
            LessonCards.Lesson(lesson, caller, $"Already saved as {lesson.Id}: this form was sent before, so nothing new was created."),
            $"Already saved: this form recorded lesson {lesson.Id} ({lesson.Title}); nothing new was created.");

    /// <summary>The lesson this form already recorded, if any.</summary>
    private async Task<Lesson?> SavedByAsync(string? formId, CancellationToken cancellationToken)
    {
        var lesson = formId is null ? null : await store.GetAsync(Lesson.IdForForm(formId), cancellationToken);
        return lesson?.FormId is { } saved && saved == formId ? lesson : null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Lesson observer {Observer} failed for {LessonId}; the lesson itself is recorded")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string observer, string lessonId);
}
