using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.Lessons;

namespace PmoBot.Processes;

/// <summary>
/// When a lesson is recorded under a knowledge area (its category's area) that a process covers, the process owner gets
/// a card in personal chat proposing it as a suggestion for the process, once per lesson and process.
/// </summary>
public sealed class LessonProposals(ProcessLibrary library, Outbox outbox) : ILessonObserver
{
    public static string Key(string lessonId, string processKey) => $"process-lesson|{lessonId}|{processKey}";

    public async Task LessonRecordedAsync(Lesson lesson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        var area = LessonCategories.AreaOf(lesson.Category);
        foreach (var process in (await library.ListAsync(cancellationToken)).Where(p => p.Covers(area)))
        {
            await outbox.EnqueueAsync(
                new DeliveryRequest(
                    Key(lesson.Id, process.Key),
                    DeliveryTarget.PersonalChat(process.Owner.UserKey),
                    $"A lesson learned for {process.Name}: {lesson.Title}",
                    SuggestionCards.LessonProposal(lesson, process)),
                cancellationToken);
        }
    }
}

/// <summary>What the "Suggest process improvement" dialog does next: show the form (again, with problems), or close with a message.</summary>
public abstract record SuggestionFormAnswer
{
    public sealed record ShowForm(System.Text.Json.Nodes.JsonObject Card) : SuggestionFormAnswer;

    public sealed record Close(string Message, Suggestion? Suggestion = null) : SuggestionFormAnswer;
}

/// <summary>The message action "Suggest process improvement", in plain terms: the form prefilled from the message, and what its Suggest does.</summary>
public sealed class SuggestionForm(ProcessLibrary library, SuggestionBox box)
{
    /// <summary>The longest message link kept (a Teams message link is a few hundred characters).</summary>
    public const int MaxLinkLength = 2048;

    public const string NoProcessesMessage = "The PMO has no processes in its library yet, so there is nothing to suggest an improvement to. Nothing was sent.";

    public async Task<SuggestionFormAnswer> OpenAsync(string? messageText, string? link, CancellationToken cancellationToken)
    {
        var processes = await library.ListAsync(cancellationToken);
        if (processes.Count == 0)
        {
            return new SuggestionFormAnswer.Close(NoProcessesMessage);
        }

        var text = MessageText.Shorten(messageText ?? string.Empty, SuggestionCards.MaxTextLength);
        return new SuggestionFormAnswer.ShowForm(SuggestionCards.Form(processes, processes.Count == 1 ? processes[0].Key : null, text.Length == 0 ? null : text, Link(link)));
    }

    /// <param name="messageId">The message the action was chosen on: with the person and the process, it makes a repeated submit the same suggestion.</param>
    public async Task<SuggestionFormAnswer> SubmitAsync(People.PmoUser caller, System.Text.Json.Nodes.JsonObject data, string? link, CancellationToken cancellationToken, string? messageId = null)
    {
        string? Field(string name) => data.TryGetPropertyValue(name, out var node) && node?.GetValueKind() == System.Text.Json.JsonValueKind.String && !string.IsNullOrWhiteSpace(node.GetValue<string>()) ? node.GetValue<string>().Trim() : null;
        var processes = await library.ListAsync(cancellationToken);
        var key = Field(SuggestionCards.FormProcessField);
        var text = Field(SuggestionCards.FormTextField);
        var source = Link(Field(SuggestionCards.FormLinkField) ?? link);
        var process = processes.FirstOrDefault(p => p.Key == key);
        var errors = new List<string>();
        if (process is null)
        {
            errors.Add("Pick the process the suggestion is for.");
        }

        if (SuggestionBox.TextProblem(text) is { } problem)
        {
            errors.Add(problem);
        }

        if (errors.Count > 0)
        {
            return processes.Count == 0
                ? new SuggestionFormAnswer.Close(NoProcessesMessage)
                : new SuggestionFormAnswer.ShowForm(SuggestionCards.Form(processes, key, text, source, errors));
        }

        if (messageId is not null)
        {
            var (once, isNew) = await box.SuggestOnceAsync(process!, text!, SuggestionSource.Message, source, caller, Suggestion.MessageSourceKey(messageId, source, caller.UserKey, process!.Key), cancellationToken);
            if (!isNew)
            {
                return new SuggestionFormAnswer.Close($"Already saved: you suggested this for {once.ProcessName} from that message, and it is on the PMO's improvement backlog as {once.Id} ({SuggestionCards.DescribeInSentence(once)}); nothing new was created.", once);
            }

            return Thanks(once);
        }

        return Thanks(await box.SuggestAsync(process!, text!, SuggestionSource.Message, source, caller, cancellationToken));
    }

    private static SuggestionFormAnswer.Close Thanks(Suggestion suggestion) =>
        new($"Thank you: your suggestion for {suggestion.ProcessName} is on the PMO's improvement backlog as {suggestion.Id}. PmoBot tells you in your personal chat when it is accepted, merged, done or not taken up.", suggestion);

    /// <summary>
    /// Only a web address is kept as the message's link: it is shown as a link on the PMO's card. One longer than
    /// <see cref="MaxLinkLength"/> is no message link Teams makes, and would not fit in storage beside the suggestion.
    /// </summary>
    private static string? Link(string? link) =>
        link is { Length: <= MaxLinkLength } && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? link : null;
}
