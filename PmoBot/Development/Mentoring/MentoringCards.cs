using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Development.Certifications;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Mentoring;

/// <summary>The mentoring cards: the pairing form, the introduction, the monthly check-in, the PMO's overview and the suggested mentors.</summary>
public static class MentoringCards
{
    public const string PairVerb = "mentoring.pair";
    public const string CheckInVerb = "mentoring.checkin";
    public const string EndVerb = "mentoring.end";

    public const string FormIdField = "pairFormId";
    public const string MentorField = "pairMentor";
    public const string MenteeField = "pairMentee";
    public const string AreaField = "pairArea";
    public const string GoalField = "pairGoal";

    public const string PairField = "pairId";
    public const string MonthField = "month";
    public const string SideField = "side";
    public const string MetField = "met";
    public const string NotesField = "notes";

    public static readonly string[] FormFields = [FormIdField, MentorField, MenteeField, AreaField, GoalField];

    public static JsonObject Form(IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        errors ??= new Dictionary<string, string>();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Pair a mentor and a mentee"),
            errors.Count > 0
                ? AdaptiveCard.Text("Nobody was paired yet: please fix the fields marked below.", color: "Attention")
                : AdaptiveCard.Text("Both get an introduction card, then a check-in prompt every month; the answers go to the pair's record (**mentoring**).", subtle: true),
        };
        FormCards.AddInput(body, errors, AdaptiveCard.TextInput(MentorField, "Mentor (name or e-mail)", values.GetValueOrDefault(MentorField), "Adele Vance", required: true, errorMessage: "Name the mentor."));
        FormCards.AddInput(body, errors, AdaptiveCard.TextInput(MenteeField, "Mentee (name or e-mail)", values.GetValueOrDefault(MenteeField), "Megan Bowen", required: true, errorMessage: "Name the mentee."));
        FormCards.AddInput(body, errors, AdaptiveCard.ChoiceInput(AreaField, "Knowledge area", KnowledgeAreas.All.Select(a => (a.Name, a.Id)), values.GetValueOrDefault(AreaField), required: true, errorMessage: "Pick the knowledge area."));
        FormCards.AddInput(body, errors, AdaptiveCard.Multiline(AdaptiveCard.TextInput(GoalField, "Goal", values.GetValueOrDefault(GoalField), "What the mentee wants to be able to do in six months", required: true, errorMessage: "Give the goal.")));
        var data = new JsonObject { [FormIdField] = values.GetValueOrDefault(FormIdField) ?? Guid.NewGuid().ToString("N") };
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Pair them", PairVerb, data, style: "positive")]);
    }

    public static JsonObject Introduction(MentoringPair pair, MentoringSide side)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var other = side == MentoringSide.Mentor ? MentoringSide.Mentee : MentoringSide.Mentor;
        return AdaptiveCard.Create(
        [
            AdaptiveCard.Heading(side == MentoringSide.Mentor ? $"Meet your mentee, {pair.MenteeName}" : $"Meet your mentor, {pair.MentorName}"),
            AdaptiveCard.Text($"{pair.PairedBy} of the PMO paired you with {pair.NameOf(other)} in {KnowledgeAreas.NameOf(pair.KnowledgeArea)}."),
            AdaptiveCard.Facts(
            [
                ("Goal", pair.Goal),
                ("Started", DateText.Display(pair.StartedOn)),
                ("Check-ins", $"monthly, from {DateText.Display(pair.CheckInDue(1))}: I'll ask you both how it is going"),
            ]),
            AdaptiveCard.Text("Set up a first conversation this week: a Teams call of 30 minutes is plenty to agree how you will work.", subtle: true),
        ]);
    }

    public static JsonObject CheckIn(MentoringPair pair, int month, MentoringSide side, MentoringCheckIn? answered = null, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var other = side == MentoringSide.Mentor ? pair.MenteeName : pair.MentorName;
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Mentoring check-in · month {month.ToString(CultureInfo.InvariantCulture)}"),
            AdaptiveCard.Text($"With {other}, on: {pair.Goal} ({KnowledgeAreas.NameOf(pair.KnowledgeArea)})."),
        };
        if (note is not null)
        {
            body.Add(AdaptiveCard.Text(note, color: "Good"));
        }

        body.Add(AdaptiveCard.ChoiceInput(MetField, "Did you meet this month?", [("Yes", "yes"), ("No", "no")], answered is null ? null : answered.Met ? "yes" : "no", required: true, errorMessage: "Yes or no?"));
        body.Add(AdaptiveCard.Multiline(AdaptiveCard.TextInput(NotesField, "How is it going? What's next?", answered?.Notes, "A line or two for the record")));
        var data = new JsonObject { [PairField] = pair.Id, [MonthField] = month, [SideField] = side.ToString() };
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute(answered is null ? "Send" : "Update", CheckInVerb, data, style: "positive")]);
    }

    public static JsonObject Overview(IReadOnlyList<(MentoringPair Pair, int Due, IReadOnlyList<string> Missed, MentoringCheckIn? Latest)> pairs, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var body = new List<JsonNode?> { AdaptiveCard.Heading("Mentoring") };
        if (note is not null)
        {
            body.Add(AdaptiveCard.Text(note, color: "Good"));
        }

        if (pairs.Count == 0)
        {
            body.Add(AdaptiveCard.Text("No active pairs. Pair a mentor and a mentee with **mentor pair**; **mentor suggest** and a name ranks possible mentors."));
        }

        foreach (var (pair, due, missed, latest) in pairs)
        {
            body.Add(AdaptiveCard.Subheading($"{pair.MentorName} → {pair.MenteeName} · {KnowledgeAreas.NameOf(pair.KnowledgeArea)}"));
            var facts = new List<(string, string)>
            {
                ("Goal", pair.Goal),
                ("Since", $"{DateText.Display(pair.StartedOn)} · {due} check-in{(due == 1 ? string.Empty : "s")} due so far"),
                ("Missed", missed.Count == 0 ? "none" : string.Join("; ", missed)),
            };
            if (latest is not null)
            {
                facts.Add(("Latest", $"month {latest.Month}, {pair.NameOf(latest.Side)}: {(latest.Met ? "met" : "did not meet")}{(latest.Notes.Length > 0 ? $", \"{latest.Notes}\"" : string.Empty)}"));
            }

            body.Add(AdaptiveCard.Facts(facts));
            body.Add(AdaptiveCard.ActionSet([AdaptiveCard.Execute("End this pair", EndVerb, new JsonObject { [PairField] = pair.Id }, style: "destructive")]));
        }

        return AdaptiveCard.Create(body, [AdaptiveCard.SendMessage("Pair mentor and mentee", "mentor pair")]);
    }

    /// <param name="mayPair">Whether the reader may pair people (the PMO): a PM asking for their own mentors is told who does.</param>
    /// <param name="forSelf">Whether the reader is the mentee, spoken to as "you".</param>
    /// <param name="currentMentors">Who mentors the mentee already (left out of the candidates): named, so that nobody wonders where they went.</param>
    public static JsonObject Suggested(string menteeName, string? area, IReadOnlyList<MentorCandidate> candidates, bool mayPair, bool forSelf = false, IReadOnlyList<string>? currentMentors = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Mentors for {menteeName}" + (area is null ? string.Empty : $" · {KnowledgeAreas.NameOf(area)}")),
            AdaptiveCard.Text(forSelf
                ? "People strong where you are weak: trained in the area, certified, running green projects."
                : $"People strong where {menteeName} is weak: trained in the area, certified, running green projects.", subtle: true),
        };
        if (currentMentors is { Count: > 0 })
        {
            var names = string.Join(", ", currentMentors);
            body.Add(AdaptiveCard.Text(forSelf ? $"Your mentor now: {names} (not listed again)." : $"{menteeName}'s mentor now: {names} (not listed again)."));
        }

        body.Add(candidates.Count == 0
            ? AdaptiveCard.Text(currentMentors is { Count: > 0 }
                ? "Nobody else yet: no one else with a role has finished a programme in the area. The catalogue and plans fill this in (**training coverage**)."
                : "Nobody yet: no one with a role has finished a programme in the area. The catalogue and plans fill this in (**training coverage**).")
            : AdaptiveCard.Facts(candidates.Select(c => (c.Name, string.Join(", ", c.Reasons)))));
        if (!mayPair)
        {
            body.Add(AdaptiveCard.Text("The PMO pairs mentors and mentees: tell them whom you would like, and they set it up.", subtle: true));
            return AdaptiveCard.Create(body);
        }

        return AdaptiveCard.Create(body, [AdaptiveCard.SendMessage("Pair mentor and mentee", "mentor pair")]);
    }
}
