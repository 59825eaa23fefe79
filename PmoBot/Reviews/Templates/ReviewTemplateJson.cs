using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PmoBot.Projects;

namespace PmoBot.Reviews.Templates;

/// <summary>What <see cref="ReviewTemplateJson.Parse"/> made of a template: its questions, or every error found.</summary>
public abstract record ReviewTemplateParse
{
    public sealed record Ok(IReadOnlyList<Question> Questions) : ReviewTemplateParse;

    public sealed record Invalid(IReadOnlyList<string> Errors) : ReviewTemplateParse;
}

/// <summary>
/// The review template as the PMO edits and uploads it, and as it is stored:
/// <code>
/// {
///   "questions": [
///     { "id": "overall", "text": "Overall, what is the project's status?", "type": "rag", "required": true, "help": "..." },
///     { "id": "phase", "text": "Which phase are you in?", "type": "choice", "required": false, "choices": ["Design", "Build", "Test"] },
///     { "id": "teamSize", "text": "How many people work on it?", "type": "number", "required": false, "min": 1, "max": 500, "unit": "people" }
///   ]
/// }
/// </code>
/// Field names are camelCase (any case is read), <c>type</c> is one of rag, choice, number, percent, money, date, text,
/// risks, compliance, and <c>required</c> left out means optional. A compliance question (yes, no or n.a. on following a
/// process) may have <c>stages</c>, the project stages it is asked in, and <c>link</c>, the process document. A bare list of questions is read too. Comments and trailing
/// commas are tolerated because people edit this by hand.
/// </summary>
public static class ReviewTemplateJson
{
    public const string QuestionsField = "questions";

    private static readonly string[] Fields = ["id", "text", "type", "required", "help", "choices", "min", "max", "unit", "stages", "link", "weight"];

    private static readonly JsonDocumentOptions ReadOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 };

    private static readonly JsonWriterOptions WriteOptions = new()
    {
        Indented = true,
        NewLine = "\n",

        // Written for people to edit and never into HTML: apostrophes, accents and € stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly Dictionary<string, QuestionType> TypesByName =
        Enum.GetValues<QuestionType>().ToDictionary(TypeName, t => t, StringComparer.OrdinalIgnoreCase);

    /// <summary>The word for a type in the JSON: <c>rag</c>, <c>percent</c>, ...</summary>
    public static string TypeName(QuestionType type) => type.ToString().ToLowerInvariant();

    public static string TypeNames => QuestionHints.OrList(Enum.GetValues<QuestionType>().Select(TypeName).ToList());

    /// <summary>Reads a template and checks it with <see cref="ReviewTemplateValidator"/>: every error of both kinds at once.</summary>
    public static ReviewTemplateParse Parse(string json)
    {
        var read = Read(json, out var questions);
        if (questions is null)
        {
            return new ReviewTemplateParse.Invalid(read);
        }

        var complete = questions.All(q => q is not null) ? questions.Select(q => q!).ToList() : null;
        var errors = read.Concat(ReviewTemplateValidator.Validate(questions, complete)).ToList();
        return errors.Count == 0 ? new ReviewTemplateParse.Ok(complete!) : new ReviewTemplateParse.Invalid(errors);
    }

    /// <summary>
    /// Reads a stored version without the validator: a version stays readable when the rules tighten after it was
    /// published, because reviews that answered it refer to it for good.
    /// </summary>
    internal static ReviewTemplateParse ReadPublished(string json)
    {
        var errors = Read(json, out var questions);
        return errors.Count == 0 && questions is not null
            ? new ReviewTemplateParse.Ok(questions.Select(q => q!).ToList())
            : new ReviewTemplateParse.Invalid(errors);
    }

    public static string Serialize(IReadOnlyList<Question> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriteOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(QuestionsField);
            foreach (var question in questions)
            {
                WriteQuestion(writer, question);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Structure and field types; <paramref name="questions"/> is null when there is no list to read, and holds null for each question that cannot be read.</summary>
    private static List<string> Read(string json, out List<Question?>? questions)
    {
        questions = null;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(json))
        {
            errors.Add($"The template is empty. It is a JSON object with a list of questions, e.g. {{\"{QuestionsField}\": [{{\"id\": \"overall\", \"text\": \"Overall, what is the project's status?\", \"type\": \"rag\", \"required\": true}}]}}.");
            return errors;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ReadOptions);
        }
        catch (JsonException ex)
        {
            errors.Add($"The template is not valid JSON: {FirstSentence(ex.Message)} (line {ex.LineNumber + 1}, character {ex.BytePositionInLine + 1}). Check for a missing comma, quote or bracket there.");
            return errors;
        }

        using (document)
        {
            var list = QuestionList(document.RootElement, errors);
            if (list is null)
            {
                return errors;
            }

            questions = list.Value.EnumerateArray().Select((element, index) => ReadQuestion(index, element, errors)).ToList();
            return errors;
        }
    }

    private static JsonElement? QuestionList(JsonElement root, List<string> errors)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            JsonElement? list = null;
            foreach (var property in root.EnumerateObject())
            {
                if (!string.Equals(property.Name, QuestionsField, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"The template has an unknown field \"{AnswerParser.Quote(property.Name)}\"; it has only \"{QuestionsField}\", the list of questions.");
                }
                else if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"\"{QuestionsField}\" must be a list of questions in square brackets, [ ... ].");
                }
                else
                {
                    list = property.Value;
                }
            }

            if (list is null && errors.Count == 0)
            {
                errors.Add($"The template has no \"{QuestionsField}\" list: write {{\"{QuestionsField}\": [ ... ]}} around the questions.");
            }

            return errors.Count == 0 ? list : null;
        }

        errors.Add($"The template must be a JSON object with a list of questions, {{\"{QuestionsField}\": [ ... ]}}.");
        return null;
    }

    private static Question? ReadQuestion(int index, JsonElement element, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{ReviewTemplateValidator.Label(index, null)}: must be an object in curly brackets, e.g. {{\"id\": \"scope\", \"text\": \"Is the scope under control?\", \"type\": \"rag\", \"required\": true}}.");
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var property in element.EnumerateObject())
        {
            var field = Fields.FirstOrDefault(f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                problems.Add($"unknown field \"{AnswerParser.Quote(property.Name)}\"; the fields are {string.Join(", ", Fields)}.");
            }
            else if (!values.TryAdd(field, property.Value))
            {
                problems.Add($"\"{field}\" appears twice; keep one.");
            }
        }

        var id = Text(values, "id", required: true, problems);
        var text = Text(values, "text", required: true, problems);
        var type = Type(values, problems);
        var required = Boolean(values, "required", problems);
        var help = Text(values, "help", required: false, problems);
        var choices = Choices(values, problems);
        var min = Number(values, "min", problems);
        var max = Number(values, "max", problems);
        var unit = Text(values, "unit", required: false, problems);
        var stages = Stages(values, problems);
        var link = Text(values, "link", required: false, problems);
        var weight = Number(values, "weight", problems);

        var label = ReviewTemplateValidator.Label(index, id);
        errors.AddRange(problems.Select(p => $"{label}: {p}"));
        return problems.Count > 0 || id is null || text is null || type is null
            ? null
            : new Question(id.Trim(), text.Trim(), type.Value, required, Clean(help), choices?.Select(c => c.Trim()).ToList(), min, max, Clean(unit), stages, Clean(link), weight);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Text(Dictionary<string, JsonElement> values, string field, bool required, List<string> problems)
    {
        if (!values.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add(field == "id"
                    ? $"\"id\" is missing: give the question a short id of its own, e.g. \"id\": \"{ReviewTemplateValidator.IdExample}\"."
                    : $"\"{field}\" is missing: write the question as the project manager will read it, e.g. \"{field}\": \"Is the scope under control?\".");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"\"{field}\" must be text in double quotes, not {Describe(value)}.");
            return null;
        }

        return value.GetString();
    }

    private static QuestionType? Type(Dictionary<string, JsonElement> values, List<string> problems)
    {
        if (!values.TryGetValue("type", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add($"\"type\" is missing: one of {TypeNames}, e.g. \"type\": \"rag\".");
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && TypesByName.TryGetValue(value.GetString()!.Trim(), out var type))
        {
            return type;
        }

        problems.Add($"\"type\" must be one of {TypeNames}, not {Describe(value)}.");
        return null;
    }

    private static bool Boolean(Dictionary<string, JsonElement> values, string field, List<string> problems)
    {
        if (!values.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        problems.Add($"\"{field}\" must be true or false (without quotes), not {Describe(value)}.");
        return false;
    }

    private static decimal? Number(Dictionary<string, JsonElement> values, string field, List<string> problems)
    {
        if (!values.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        problems.Add($"\"{field}\" must be a number without quotes, e.g. \"{field}\": 0, not {Describe(value)}.");
        return null;
    }

    private static List<string>? Choices(Dictionary<string, JsonElement> values, List<string> problems)
    {
        if (!values.TryGetValue("choices", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
        {
            problems.Add("\"choices\" must be a list of texts, e.g. [\"On track\", \"At risk\", \"Off track\"].");
            return null;
        }

        return value.EnumerateArray().Select(c => c.GetString()!).ToList();
    }

    /// <summary>The project stages a question is asked in: names of <see cref="ProjectStage"/>, any case.</summary>
    private static List<ProjectStage>? Stages(Dictionary<string, JsonElement> values, List<string> problems)
    {
        if (!values.TryGetValue("stages", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var names = string.Join(", ", Enum.GetNames<ProjectStage>());
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
        {
            problems.Add($"\"stages\" must be a list of project stages, e.g. [\"Planning\", \"Execution\"] (the stages are {names}).");
            return null;
        }

        var stages = new List<ProjectStage>();
        foreach (var text in value.EnumerateArray().Select(c => c.GetString()!.Trim()))
        {
            if (Enum.TryParse<ProjectStage>(text, ignoreCase: true, out var stage) && Enum.IsDefined(stage) && !int.TryParse(text, out _))
            {
                stages.Add(stage);
            }
            else
            {
                problems.Add($"\"stages\" lists \"{AnswerParser.Quote(text)}\", which is not a project stage; the stages are {names}.");
            }
        }

        return stages.Distinct().Order().ToList();
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{AnswerParser.Quote(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }

    private static void WriteQuestion(Utf8JsonWriter writer, Question question)
    {
        writer.WriteStartObject();
        writer.WriteString("id", question.Id);
        writer.WriteString("text", question.Text);
        writer.WriteString("type", TypeName(question.Type));
        writer.WriteBoolean("required", question.Required);
        if (question.Help is not null)
        {
            writer.WriteString("help", question.Help);
        }

        if (question.Choices is { Count: > 0 } choices)
        {
            writer.WriteStartArray("choices");
            foreach (var choice in choices)
            {
                writer.WriteStringValue(choice);
            }

            writer.WriteEndArray();
        }

        if (question.Min is { } min)
        {
            writer.WriteNumber("min", min);
        }

        if (question.Max is { } max)
        {
            writer.WriteNumber("max", max);
        }

        if (question.Unit is not null)
        {
            writer.WriteString("unit", question.Unit);
        }

        if (question.Stages is { Count: > 0 } stages)
        {
            writer.WriteStartArray("stages");
            foreach (var stage in stages)
            {
                writer.WriteStringValue(stage.ToString());
            }

            writer.WriteEndArray();
        }

        if (question.Link is not null)
        {
            writer.WriteString("link", question.Link);
        }

        if (question.Weight is { } weight)
        {
            writer.WriteNumber("weight", weight);
        }

        writer.WriteEndObject();
    }
}
