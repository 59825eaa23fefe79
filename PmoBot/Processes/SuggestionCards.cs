using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Lessons;

namespace PmoBot.Processes;

/// <summary>The backlog's cards: the PMO's triage card, the list, the owner's card proposing a lesson, and the message action's form.</summary>
public static class SuggestionCards
{
    public const string AcceptVerb = "process.suggestion.accept";
    public const string RejectVerb = "process.suggestion.reject";
    public const string MergeVerb = "process.suggestion.merge";
    public const string DoneVerb = "process.suggestion.done";
    public const string FromLessonVerb = "process.suggestion.lesson";
    public const string DismissLessonVerb = "process.suggestion.lesson.dismiss";

    public const string SuggestionField = "suggestion";
    public const string ReasonField = "suggestionReason";
    public const string TargetField = "suggestionTarget";
    public const string VersionField = "suggestionVersion";
    public const string LessonField = "lesson";
    public const string ProcessField = "processKey";

    /// <summary>The message action's form.</summary>
    public const string FormProcessField = "suggestProcess";
    public const string FormTextField = "suggestText";
    public const string FormLinkField = "suggestLink";

    public const int MaxTextLength = 1_000;
    public const int ListShown = 20;
    public const int ActivityShown = 6;

    /// <summary>The PMO's card for one suggestion, with the triage steps still open to it.</summary>
    /// <param name="versions">The versions that could carry it (those published after it), newest first.</param>
    public static JsonObject Triage(Suggestion suggestion, IReadOnlyList<Suggestion> mergeTargets, IReadOnlyList<ProcessVersion> versions, string? refusal = null)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Improvement suggestion {suggestion.Id}: {suggestion.ProcessName}"),
            refusal is null ? null : AdaptiveCard.Text(refusal, color: "Warning"),
            AdaptiveCard.Text(suggestion.Text),
            AdaptiveCard.Facts(Facts(suggestion)),
        };
        if (suggestion.Log.Count > 0)
        {
            body.Add(AdaptiveCard.Text(string.Join("\n", suggestion.Log.TakeLast(ActivityShown).Select(a => $"- {ProcessText.CardTime(a.At)} {a.ByName}: {a.What}")), subtle: true));
        }

        body.Add(AdaptiveCard.Text(DateText.ReadersZoneNote, subtle: true));

        var actions = new List<JsonNode?>();
        if (!suggestion.IsSettled)
        {
            var data = new JsonObject { [SuggestionField] = suggestion.Id };
            if (suggestion.State == SuggestionState.New)
            {
                actions.Add(AdaptiveCard.Execute("Accept", AcceptVerb, data, style: "positive"));
            }

            actions.Add(AdaptiveCard.ShowCard("Reject", AdaptiveCard.Create(
                [AdaptiveCard.Multiline(AdaptiveCard.TextInput(ReasonField, "Why not (the suggester is told)", null, "e.g. Already covered by the change control board's checklist", required: true, errorMessage: "Give the reason."))],
                [AdaptiveCard.Execute("Reject", RejectVerb, data)])));
            if (mergeTargets.Count > 0)
            {
                actions.Add(AdaptiveCard.ShowCard("Merge", AdaptiveCard.Create(
                    [AdaptiveCard.ChoiceInput(TargetField, "Merge into", mergeTargets.Select(t => ($"{t.Id}: {MessageText.Shorten(t.Text, 60)}", t.Id)), null, required: true, errorMessage: "Pick the suggestion to merge into.")],
                    [AdaptiveCard.Execute("Merge", MergeVerb, data)])));
            }

            actions.Add(versions.Count > 0
                ? AdaptiveCard.ShowCard("Done", AdaptiveCard.Create(
                    [AdaptiveCard.ChoiceInput(VersionField, "Done in version", versions.Select(v => ($"Version {v.Number}, effective {ProcessText.Date(v.EffectiveDate)}", v.Number.ToString(CultureInfo.InvariantCulture))), versions[0].Number.ToString(CultureInfo.InvariantCulture), required: true, errorMessage: "Pick the version that carried it.")],
                    [AdaptiveCard.Execute("Mark done", DoneVerb, data)]))
                : AdaptiveCard.ShowCard("Done", AdaptiveCard.Create([AdaptiveCard.Text(PublishFirst(suggestion))], [])));
        }

        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>Why a suggestion cannot be marked done yet: no version of its process came after it.</summary>
    public static string PublishFirst(Suggestion suggestion) =>
        $"No version of {suggestion.ProcessName} was published after this suggestion: to mark it done, publish a new version that carries it first (**{ProcessCommands.PublishCommand} {suggestion.ProcessKey}**).";

    public static string TriageText(Suggestion suggestion) => $"Improvement suggestion {suggestion.Id} for {suggestion.ProcessName} from {suggestion.SuggestedByName}: {MessageText.Shorten(suggestion.Text, 200)}";

    /// <summary>What the suggester is told at a step.</summary>
    public static string StepText(Suggestion suggestion, string byName) =>
        $"Your suggestion {suggestion.Id} for {suggestion.ProcessName} (\"{MessageText.Shorten(suggestion.Text, 120)}\") " + suggestion.State switch
        {
            SuggestionState.Accepted => $"was accepted by {byName}: it is on the PMO's improvement backlog.",
            SuggestionState.Rejected => $"was not taken up by {byName}: {suggestion.Reason}",
            SuggestionState.Merged => $"was merged by {byName} into {suggestion.MergedInto}, which covers the same improvement; you will hear when that one moves.",
            SuggestionState.Done => $"is done: {byName} marked it carried by version {suggestion.DoneInVersion} of {suggestion.ProcessName}. Thank you!",
            _ => "was received.",
        };

    /// <summary>What someone whose suggestion was merged into <paramref name="moved"/> is told when that one moves.</summary>
    public static string MergedStepText(Suggestion theirs, Suggestion moved, string byName) =>
        $"Your suggestion {theirs.Id} for {theirs.ProcessName} was merged into {moved.Id}, which " + moved.State switch
        {
            SuggestionState.Accepted => $"was accepted by {byName}: it is on the PMO's improvement backlog.",
            SuggestionState.Rejected => $"was not taken up by {byName}: {moved.Reason}",
            SuggestionState.Merged => $"{byName} merged in turn into {moved.MergedInto}.",
            SuggestionState.Done => $"is done: {byName} marked it carried by version {moved.DoneInVersion} of {moved.ProcessName}. Thank you!",
            _ => "was received.",
        };

    public static JsonObject List(IReadOnlyList<Suggestion> suggestions, string title, bool triage)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{title} ({suggestions.Count})"),
            suggestions.Count == 0
                ? AdaptiveCard.Text($"None. Suggest one with **{SuggestionCommands.SuggestCommand} ‹process›: ‹your idea›**, e.g. **{SuggestionCommands.SuggestCommand} risk management: add a pre-mortem**, or choose **Suggest process improvement** on any message.", subtle: true)
                : AdaptiveCard.Text(suggestions.Count > ListShown ? $"The newest {ListShown}." : "Newest first.", subtle: true),
        };
        if (suggestions.Count > 0)
        {
            body.Add(AdaptiveCard.Facts(suggestions.Take(ListShown).Select(s => ($"{s.Id} · {s.ProcessName}", $"{Describe(s)}: {MessageText.Shorten(s.Text, 160)} ({s.SuggestedByName}, {s.SuggestedAt.UtcDateTime:d MMM yyyy})"))));
        }

        var actions = triage
            ? suggestions.Where(s => !s.IsSettled).Take(4).Select(s => (JsonNode?)AdaptiveCard.SendMessage($"Triage {s.Id}", $"{SuggestionCommands.ShowCommand} {s.Id}"))
            : [];
        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>The card a process owner gets when a lesson is filed under a knowledge area their process covers.</summary>
    public static JsonObject LessonProposal(Lesson lesson, ProcessDefinition process, string? outcome = null)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"A lesson learned for {process.Name}?"),
            outcome is null
                ? AdaptiveCard.Text($"A lesson was recorded under {LessonCategories.Describe(lesson.Category).ToLowerInvariant()}, which {process.Name} covers. As its owner, add it to the improvement backlog if the process should change.")
                : AdaptiveCard.Text(outcome, color: "Good"),
            AdaptiveCard.Subheading(lesson.Title),
            AdaptiveCard.Text("**What happened:** " + lesson.WhatHappened),
            AdaptiveCard.Text("**Next time:** " + lesson.WhatToDo),
            AdaptiveCard.Facts([("Lesson", lesson.Id), ("Recorded by", lesson.RecordedBy), ("Project", lesson.ProjectCode ?? "none")]),
        };
        var data = new JsonObject { [LessonField] = lesson.Id, [ProcessField] = process.Key };
        return AdaptiveCard.Create(
            body,
            outcome is not null ? [] : [AdaptiveCard.Execute("Add to the improvement backlog", FromLessonVerb, data, style: "positive"), AdaptiveCard.Execute("Not for this process", DismissLessonVerb, data)]);
    }

    /// <summary>The text a lesson becomes on the backlog.</summary>
    public static string FromLesson(Lesson lesson) => MessageText.Shorten($"From lesson {lesson.Id} \"{lesson.Title}\": {lesson.WhatToDo}", MaxTextLength);

    /// <summary>The message action's dialog: which process, the suggestion (the message's text to start from), and the message's link.</summary>
    public static JsonObject Form(IReadOnlyList<ProcessDefinition> processes, string? process, string? text, string? link, IReadOnlyList<string>? errors = null)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Suggest a process improvement"),
            errors is { Count: > 0 }
                ? AdaptiveCard.Text("Nothing was sent yet. Please fix:\n\n" + string.Join("\n", errors.Select(e => "- " + e)), color: "Attention")
                : AdaptiveCard.Text("The PMO triages it; you are told when it is accepted, merged, done or not taken up.", subtle: true),
            AdaptiveCard.ChoiceInput(FormProcessField, "Process", processes.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => (p.Name, p.Key)), process, required: true, errorMessage: "Pick the process."),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(FormTextField, "Your suggestion", text, "What should change in the process, and why", required: true, errorMessage: "Say what should change.")),
            link is null ? null : AdaptiveCard.Text($"From [this message]({link}).", subtle: true),
        };
        var submit = new JsonObject
        {
            ["type"] = "Action.Submit",
            ["title"] = "Suggest",
            ["style"] = "positive",
            ["data"] = link is null ? new JsonObject() : new JsonObject { [FormLinkField] = link },
        };
        return AdaptiveCard.Create(body, [submit]);
    }

    /// <summary>The state inside a sentence ("merged into PS-0C5559"): only its first letter lowered, never the id it names.</summary>
    public static string DescribeInSentence(Suggestion s) => Describe(s) is { Length: > 0 } text ? char.ToLowerInvariant(text[0]) + text[1..] : string.Empty;

    public static string Describe(Suggestion s) => s.State switch
    {
        SuggestionState.Rejected => "Not taken up",
        SuggestionState.Merged => $"Merged into {s.MergedInto}",
        SuggestionState.Done => $"Done in version {s.DoneInVersion}",
        _ => s.State.ToString(),
    };

    private static IEnumerable<(string, string)> Facts(Suggestion s)
    {
        yield return ("Suggested by", $"{s.SuggestedByName}, {ProcessText.CardTime(s.SuggestedAt)}");
        yield return ("From", s.Source switch
        {
            SuggestionSource.Message when s.SourceLink is not null => $"[a message]({s.SourceLink})",
            SuggestionSource.Lesson => $"lesson learned {s.SourceLink}",
            SuggestionSource.Message => "a message",
            _ => "chat",
        });
        yield return ("State", Describe(s));
        if (s.Reason is not null)
        {
            yield return ("Reason", s.Reason);
        }
    }
}
