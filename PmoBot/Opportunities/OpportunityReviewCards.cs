using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>The review's cards: the whole questionnaire as a form, the chat summary, and the result.</summary>
public static class OpportunityReviewCards
{
    public const string SubmitVerb = "opportunity.review.submit";
    public const string OverrideVerb = "opportunity.override";

    /// <summary>The result card's refresh: the same review's result as it stands now, for whoever views it.</summary>
    public const string ViewVerb = "opportunity.result.view";
    public const string ReviewField = "review";
    public const string CodeField = "code";
    public const string FormField = "form";
    public const string VersionField = "version";
    public const string ReasonField = "reason";

    public static JsonObject Form(Opportunity o, ReviewTemplate template, string formId, ReviewAnswers values, DateOnly today, IReadOnlyDictionary<string, string>? errors = null, IReadOnlyDictionary<string, string>? typed = null)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Delivery-risk review of {o.Code} · {o.Name}"),
            AdaptiveCard.Text($"{o.Account} · {OpportunityText.Money(o)} · {OpportunityText.Describe(o.ContractType)} · at {EnumText.Describe(o.Stage)} · questionnaire v{template.Version}. Deal-killers first: any yes is a no-go unless a leader overrides it. Then score each dimension from 1 (poor) to 5 (strong).", subtle: true),
            errors is { Count: > 0 } ? AdaptiveCard.Text($"Nothing was submitted: {errors.Count} {(errors.Count == 1 ? "answer needs" : "answers need")} a look (marked below).", color: "Attention") : null,
        };
        body.AddRange(ReviewForm.Inputs(template, values, today, errors, typed));
        var data = new JsonObject
        {
            [CodeField] = o.Code,
            [VersionField] = template.Version.ToString(CultureInfo.InvariantCulture),
            [FormField] = formId,
        };
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Submit review", SubmitVerb, data, style: "positive")]);
    }

    /// <summary>The answers before submitting a chat review; Submit types the review's own word.</summary>
    public static JsonObject Summary(ReviewSession session, ReviewTemplate template, CultureInfo culture, string? note = null) =>
        AdaptiveCard.Create(
            [
                AdaptiveCard.Heading($"Review of {session.ProjectCode} · {session.ProjectName}"),
                AdaptiveCard.Text($"Check your answers, then submit. Type **{ReviewDialog.Edit} 3** to change answer 3.", subtle: true),
                note is null ? null : AdaptiveCard.Text(note, color: "Attention"),
                AdaptiveCard.Facts(template.Questions.Select((q, i) => (Title(i, q), session.Answers.Text(q.Id) is { } answer ? AnswerFormatter.Display(q, answer, culture, session.Currency) : "(skipped)"))),
            ],
            [AdaptiveCard.SendMessage("Submit review", ReviewDialog.SubmitWord)]);

    public static JsonObject Result(
        Opportunity o,
        OpportunityReview review,
        ReviewTemplate template,
        Scorecard scorecard,
        IReadOnlyList<ReviewRisk> risks,
        IReadOnlyList<MatchedLesson> lessons,
        OpportunityReview? previous,
        ReviewTemplate? previousTemplate,
        int reviewCount,
        PmoUser viewer,
        string? note)
    {
        var killers = review.DealKillers.Select(id => ReviewPrompts.Capitalised(template.Find(id)?.Text.Replace("Deal-killer: ", string.Empty, StringComparison.Ordinal) ?? id)).ToList();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{o.Code} · {o.Name}: {OpportunityText.Describe(review.Band)}"),
            note is null ? null : AdaptiveCard.Text(note, color: "Good"),
            AdaptiveCard.Text($"**{OpportunityText.Score(review.Score)}/100** · {OpportunityText.Describe(review.Band)}", color: OpportunityText.Color(review.Band)),
            AdaptiveCard.Text($"{o.Account} · {OpportunityText.Money(o)} · {OpportunityText.Describe(o.ContractType)}. Reviewed at {EnumText.Describe(review.Stage)} by {review.ReviewedBy} on {ProjectCards.When(review.At, viewer)}, questionnaire v{review.TemplateVersion}, review {reviewCount} of this deal. 70 or more is go, 50 to 69.9 go with conditions, under 50 no-go.", subtle: true),
        };
        if (killers.Count > 0)
        {
            body.Add(AdaptiveCard.Subheading("Deal-killers"));
            body.Add(AdaptiveCard.Text(string.Join("\n", killers.Select(k => "- " + k)), color: "Attention"));
            body.Add(review.Override is { } decision
                ? AdaptiveCard.Text($"Overridden by {decision.LeaderName}, {ProjectCards.When(decision.At, viewer)}: {decision.Reason}. Without the deal-killers the score says {OpportunityText.Describe(review.ScoreBand).ToLowerInvariant()}.")
                : review.OverrideWouldChangeOutcome
                    ? AdaptiveCard.Text($"No-go unless a leader overrides with a reason (the score alone says {OpportunityText.Describe(review.ScoreBand).ToLowerInvariant()}).", subtle: true)
                    : AdaptiveCard.Text($"No-go: the score alone ({OpportunityText.Score(review.Score)}/100) is a no-go too, so overriding the deal-killers would not change the outcome.", subtle: true));
        }

        body.Add(AdaptiveCard.Subheading("Scorecard"));
        body.Add(AdaptiveCard.Facts(scorecard.Dimensions.Select(d => (Short(d.Text), $"{d.Score}/5 × {d.Weight.ToString("0.##", CultureInfo.InvariantCulture)}"))));
        var conditions = review.Conditions;
        body.Add(AdaptiveCard.Subheading("Conditions to meet"));
        body.Add(conditions.Count == 0
            ? AdaptiveCard.Text(review.Band == Band.Conditional ? "None written down: a conditional go needs its conditions. Review again with them." : "None.", subtle: review.Band != Band.Conditional)
            : AdaptiveCard.Text(string.Join("\n", conditions.Select(c => "- " + c))));
        body.Add(AdaptiveCard.Subheading($"Top risks ({risks.Count})"));
        body.Add(risks.Count == 0
            ? AdaptiveCard.Text("None named.", subtle: true)
            : AdaptiveCard.Container(risks.OrderByDescending(r => r.Score).SelectMany(r => new JsonNode?[]
            {
                AdaptiveCard.Text($"**{r.Description}**: {RiskText.Describe(new RiskEntry(r.Description, r.Probability, r.Impact))}"),
                AdaptiveCard.Text($"Owner {r.Owner}. Contingency: {r.Contingency}", subtle: true),
            })));
        body.Add(AdaptiveCard.Subheading("Lessons from past projects like it"));
        if (lessons.Count == 0)
        {
            body.Add(AdaptiveCard.Text("No lesson matches this deal's business unit, contract type or risks yet.", subtle: true));
        }

        foreach (var lesson in lessons)
        {
            body.Add(AdaptiveCard.Container(
                [
                    AdaptiveCard.Text($"**{lesson.Lesson.Title}**{(lesson.Lesson.ProjectCode is { } code ? $" ({code})" : string.Empty)}: {lesson.Lesson.WhatToDo}"),
                    AdaptiveCard.Text($"Matches: {string.Join(", ", lesson.Why)}.", subtle: true),
                    lesson.ProjectWarnings.Count == 0 ? null : AdaptiveCard.Text($"That project's warnings: {string.Join("; ", lesson.ProjectWarnings)}", subtle: true),
                ],
                separator: true));
        }

        if (previous is not null)
        {
            body.Add(AdaptiveCard.Subheading("What changed since the review before"));
            body.Add(AdaptiveCard.Facts(Changes(review, template, previous, previousTemplate, viewer)));
        }

        var actions = new List<JsonNode?>();
        if (review.OverrideWouldChangeOutcome && viewer.Has(Role.Leader))
        {
            var form = AdaptiveCard.Create(
                [AdaptiveCard.Multiline(AdaptiveCard.TextInput(ReasonField, "Why go on despite the deal-killers? (kept with the review)", placeholder: "e.g. Liability capped by the parent company guarantee", required: true, errorMessage: "Give the reason."))],
                [AdaptiveCard.Execute("Override", OverrideVerb, new JsonObject { [CodeField] = o.Code })]);
            form.Remove("$schema");
            form.Remove("msteams");
            actions.Add(AdaptiveCard.ShowCard("Override the deal-killers", form));
        }

        if (!o.IsClosed && review.Band != Band.NoGo && OpportunityAccess.CanChange(viewer, o))
        {
            actions.Add(OpportunityCards.MarkWon(o));
        }

        actions.Add(AdaptiveCard.SendMessage("Opportunity card", $"opportunity {o.Code}"));
        return OpportunityCards.RefreshedWhileOpen(
            AdaptiveCard.Create(body, actions),
            o,
            viewer,
            OpportunityAccess.CanChange(viewer, o) || viewer.Has(Role.Leader),
            ViewVerb,
            new JsonObject { [CodeField] = o.Code, [ReviewField] = review.Id });
    }

    private static IEnumerable<(string Title, string Value)> Changes(OpportunityReview review, ReviewTemplate template, OpportunityReview previous, ReviewTemplate? previousTemplate, PmoUser viewer)
    {
        yield return ("Review before", $"at {EnumText.Describe(previous.Stage)}, {DateText.Display(UserTimeZones.DateAt(previous.At, viewer.TimeZone))}, v{previous.TemplateVersion}");
        yield return ("Score", $"{OpportunityText.Score(previous.Score)} → {OpportunityText.Score(review.Score)}");
        if (previous.Band != review.Band)
        {
            yield return ("Decision", $"{OpportunityText.Describe(previous.Band)} → {OpportunityText.Describe(review.Band)}");
        }

        foreach (var question in template.Questions.Where(q => q.Type is QuestionType.Number or QuestionType.Choice))
        {
            var before = previous.Answers.Text(question.Id);
            var now = review.Answers.Text(question.Id);
            if (before is not null && now is not null && !string.Equals(before, now, StringComparison.OrdinalIgnoreCase))
            {
                yield return (Short(question.Text), $"{before} → {now}");
            }
        }

        if (previousTemplate is not null && previousTemplate.Version != template.Version)
        {
            yield return ("Questionnaire", $"v{previousTemplate.Version} → v{template.Version}");
        }
    }

    /// <summary>"Scope clarity" from "Scope clarity: are the scope ...".</summary>
    private static string Short(string text)
    {
        const string Killer = "Deal-killer: ";
        if (text.StartsWith(Killer, StringComparison.Ordinal))
        {
            var question = text[Killer.Length..];
            return "Deal-killer: " + (question.Length > 40 ? question[..39] + "…" : question);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? text[..colon] : text.Length > 40 ? text[..39] + "…" : text;
    }

    private static string Title(int index, Question question) => $"{index + 1}. {Short(question.Text)}";
}
