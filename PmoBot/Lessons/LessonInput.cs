using PmoBot.Projects;

namespace PmoBot.Lessons;

/// <summary>The lesson form's fields as typed; <see cref="LessonInputReader"/> turns them into a <see cref="Lesson"/> or the reasons it cannot.</summary>
/// <see cref="FormId"/> names one opening of the form: the lesson it records takes its id from it.
public sealed record LessonInput(string? Title, string? WhatHappened, string? ProjectCode, string? Category, string? WhatToDo, string? ContingencyActions, string? FormId = null)
{
    public static readonly LessonInput Blank = new(null, null, null, null, null, null);
}

/// <summary>What reading the form gave: the lesson, or every error at once so the PMO fixes them in one go.</summary>
public sealed record LessonReading(Lesson? Lesson, IReadOnlyList<string> Errors);

/// <summary>Every rule a lesson must satisfy; the project, when given, must be in the register.</summary>
public sealed class LessonInputReader(ProjectRegister projects, TimeProvider time)
{
    public const int MaxTitle = 120;
    public const int MaxText = 2000;
    public const int MaxActions = 10;
    public const int MaxAction = 300;

    public async Task<LessonReading> ReadAsync(LessonInput input, string recordedBy, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var title = Required(input.Title, "Title", MaxTitle, "give the lesson a short title", errors);
        var happened = Required(input.WhatHappened, "What happened", MaxText, "say what happened", errors);
        var whatToDo = Required(input.WhatToDo, "What to do next time", MaxText, "say what to do next time", errors);
        if (!LessonCategories.TryFind(input.Category, out var category))
        {
            errors.Add(string.IsNullOrWhiteSpace(input.Category)
                ? "Category: choose one, a warning rule or a knowledge area."
                : $"Category: \"{input.Category.Trim()}\" is not one PmoBot knows; choose one of {LessonCategories.List}.");
        }

        var actions = SplitActions(input.ContingencyActions);
        if (actions.Count > MaxActions)
        {
            errors.Add($"Contingency actions: at most {MaxActions}, one per line (there are {actions.Count}).");
        }

        errors.AddRange(actions.Where(a => a.Length > MaxAction).Select(a => $"Contingency action \"{a[..40]}…\" is longer than {MaxAction} characters; keep each to one action."));
        var code = await ProjectCodeAsync(input.ProjectCode, errors, cancellationToken);
        return errors.Count > 0
            ? new LessonReading(null, errors)
            : new LessonReading(new Lesson(input.FormId is { } formId ? Lesson.IdForForm(formId) : Lesson.NewId(), title!, happened!, code, category.Id, whatToDo!, actions, recordedBy, time.GetUtcNow(), input.FormId), []);
    }

    /// <summary>One action a line; bullets a PMO pastes from a document ("- ", "* ", "• ") are dropped.</summary>
    public static IReadOnlyList<string> SplitActions(string? text) =>
        (text ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.TrimStart('-', '*', '•', ' ').Trim())
            .Where(line => line.Length > 0)
            .ToList();

    private async Task<string?> ProjectCodeAsync(string? text, List<string> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var code = ProjectText.NormalizeCode(text);
        if (!ProjectText.IsCode(code))
        {
            errors.Add($"Project: \"{text.Trim()}\" is not a project code (letters and digits, a dash and a number, like {ProjectText.CodeExample}); leave it empty for a lesson from outside the register.");
            return null;
        }

        if (await projects.GetAsync(code, cancellationToken) is null)
        {
            errors.Add($"Project: there is no project {code} in the register; check the code or leave it empty.");
            return null;
        }

        return code;
    }

    private static string? Required(string? value, string label, int max, string hint, List<string> errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add($"{label}: {hint}.");
            return null;
        }

        if (text.Length > max)
        {
            errors.Add($"{label}: at most {max:N0} characters (there are {text.Length:N0}).");
            return null;
        }

        return text;
    }
}
