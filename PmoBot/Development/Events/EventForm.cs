using System.Text.Json.Nodes;
using PmoBot.Cards;

namespace PmoBot.Development.Events;

/// <summary>A channel the bot can post in: its conversation key and the name people know it by.</summary>
public sealed record PostableChannel(string Key, string Name);

/// <summary>The "new learning event" form, for <c>event add</c> and the "Post learning event" messaging-extension dialog.</summary>
public static class EventForm
{
    public const string Title = "Post learning event";
    public const string SaveVerb = "event.save";

    public const string FormIdField = "eventFormId";
    public const string TitleField = "eventTitle";
    public const string DescriptionField = "eventDescription";
    public const string KindField = "eventKind";
    public const string ReachField = "eventReach";
    public const string FormatField = "eventFormat";
    public const string VenueField = "eventVenue";
    public const string StartDateField = "eventStartDate";
    public const string StartTimeField = "eventStartTime";
    public const string EndDateField = "eventEndDate";
    public const string EndTimeField = "eventEndTime";
    public const string TimeZoneField = "eventTimeZone";
    public const string CapacityField = "eventCapacity";
    public const string DeadlineDateField = "eventDeadlineDate";
    public const string DeadlineTimeField = "eventDeadlineTime";
    public const string CostField = "eventCost";
    public const string CurrencyField = "eventCurrency";
    public const string ProviderField = "eventProvider";
    public const string LinkField = "eventLink";
    public const string AreasField = "eventAreas";
    public const string PduWaysField = "eventPduWays";
    public const string PduPowerField = "eventPduPower";
    public const string PduBusinessField = "eventPduBusiness";
    public const string ChannelsField = "eventChannels";

    /// <param name="asDialog">In a Teams dialog the button is a plain submit; in chat it is a Universal Action that replaces the form.</param>
    public static JsonObject Card(EventFormValues values, IReadOnlyList<PostableChannel> channels, IReadOnlyDictionary<string, string>? errors = null, bool asDialog = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(channels);
        errors ??= new Dictionary<string, string>();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("New learning event"),
            errors.Count > 0
                ? AdaptiveCard.Text($"Nothing was saved yet: {errors.Count} field{(errors.Count == 1 ? " needs" : "s need")} fixing, marked below.", color: "Attention")
                : AdaptiveCard.Text("Times are in the time zone below (yours by default). PMs register from the card in the channels you pick.", subtle: true),
        };
        Add(body, errors, AdaptiveCard.TextInput(TitleField, "Title", values.Title, "Risk management masterclass", required: true, errorMessage: "Give the event a title."));
        Add(body, errors, AdaptiveCard.Multiline(AdaptiveCard.TextInput(DescriptionField, "Description", values.Description, "What PMs will learn, who it is for")));
        Add(body, errors, AdaptiveCard.ChoiceInput(KindField, "Kind", Enum.GetValues<EventKind>().Select(k => (EventText.Describe(k), k.ToString())), values.Kind, required: true, errorMessage: "Pick the kind of event."));
        Add(body, errors, AdaptiveCard.ChoiceInput(ReachField, "Local or international", [("Local", nameof(EventReach.Local)), ("International", nameof(EventReach.International))], values.Reach));
        Add(body, errors, AdaptiveCard.ChoiceInput(FormatField, "Where", [("In person", EventFormValues.InPerson), ("Online (Teams meeting)", EventFormValues.Online)], values.Format, required: true, errorMessage: "Online or in person?"));
        Add(body, errors, AdaptiveCard.TextInput(VenueField, "Venue or city (in person)", values.Venue, "London, Contoso House"));
        Add(body, errors, AdaptiveCard.DateInput(StartDateField, "Start date", values.StartDate, required: true, errorMessage: "Give the start date."));
        Add(body, errors, TimeInput(StartTimeField, "Start time", values.StartTime, required: true));
        Add(body, errors, AdaptiveCard.DateInput(EndDateField, "End date (empty: same day)", values.EndDate));
        Add(body, errors, TimeInput(EndTimeField, "End time", values.EndTime, required: true));
        Add(body, errors, AdaptiveCard.TextInput(TimeZoneField, "Time zone", values.TimeZone, "Europe/London"));
        Add(body, errors, NumberInput(CapacityField, "Capacity (places)", values.Capacity, 1, EventFormValidator.MaxCapacity, required: true));
        Add(body, errors, AdaptiveCard.DateInput(DeadlineDateField, "Registration deadline (empty: until the start)", values.DeadlineDate));
        Add(body, errors, TimeInput(DeadlineTimeField, "Deadline time (empty: end of that day)", values.DeadlineTime));
        Add(body, errors, AdaptiveCard.TextInput(CostField, "Cost (empty: free)", values.Cost, "450"));
        Add(body, errors, AdaptiveCard.TextInput(CurrencyField, "Currency", values.Currency, "EUR"));
        Add(body, errors, AdaptiveCard.TextInput(ProviderField, "Provider", values.Provider, "PMI UK Chapter"));
        Add(body, errors, AdaptiveCard.TextInput(LinkField, "Link", values.Link, "https://"));
        Add(body, errors, MultiChoice(AreasField, "Knowledge areas", KnowledgeAreas.All.Select(a => (a.Name, a.Id)), values.KnowledgeAreas, required: true));
        body.Add(AdaptiveCard.Subheading("PDUs it earns (Talent Triangle)"));
        Add(body, errors, NumberInput(PduWaysField, TalentAreas.NameOf(TalentArea.WaysOfWorking), values.PduWaysOfWorking, 0, (int)EventFormValidator.MaxPdusPerArea));
        Add(body, errors, NumberInput(PduPowerField, TalentAreas.NameOf(TalentArea.PowerSkills), values.PduPowerSkills, 0, (int)EventFormValidator.MaxPdusPerArea));
        Add(body, errors, NumberInput(PduBusinessField, TalentAreas.NameOf(TalentArea.BusinessAcumen), values.PduBusinessAcumen, 0, (int)EventFormValidator.MaxPdusPerArea));
        if (channels.Count > 0)
        {
            Add(body, errors, MultiChoice(ChannelsField, "Post to channels", channels.Select(c => (c.Name, c.Key)), values.Channels, required: false));
        }
        else
        {
            body.Add(AdaptiveCard.Text("PmoBot is in no channel yet, so the event is saved without posting. Add the bot to a channel (or mention it there), then type **event post** with the event's id.", subtle: true));
        }

        var data = new JsonObject { [FormIdField] = values.FormId };
        JsonObject submit = asDialog
            ? new JsonObject { ["type"] = "Action.Submit", ["title"] = "Save and post", ["style"] = "positive", ["data"] = data }
            : AdaptiveCard.Execute("Save and post", SaveVerb, data, style: "positive");
        return AdaptiveCard.Create(body, [submit]);
    }

    public static JsonObject TimeInput(string id, string label, string? value, bool required = false)
    {
        var input = new JsonObject { ["type"] = "Input.Time", ["id"] = id, ["label"] = label };
        if (value is not null)
        {
            input["value"] = value;
        }

        if (required)
        {
            input["isRequired"] = true;
            input["errorMessage"] = "Give the time.";
        }

        return input;
    }

    public static JsonObject NumberInput(string id, string label, string? value, int min, int max, bool required = false)
    {
        var input = new JsonObject { ["type"] = "Input.Number", ["id"] = id, ["label"] = label, ["min"] = min, ["max"] = max };
        // "NaN", "Infinity" and "1e309" read as doubles, but JSON has no spelling for them and the card could not be
        // sent at all: a refused field is shown again empty, with its error under it, instead of failing the turn.
        if (value is not null && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            input["value"] = number;
        }

        if (required)
        {
            input["isRequired"] = true;
            input["errorMessage"] = $"A number from {min} to {max}.";
        }

        return input;
    }

    public static JsonObject MultiChoice(string id, string label, IEnumerable<(string Title, string Value)> choices, string? value, bool required)
    {
        var input = AdaptiveCard.ChoiceInput(id, label, choices, value, required, "Pick at least one.");
        input["isMultiSelect"] = true;
        input["style"] = "expanded";
        return input;
    }

    private static void Add(List<JsonNode?> body, IReadOnlyDictionary<string, string> errors, JsonObject input) => FormCards.AddInput(body, errors, input);
}
