using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Development.Events;
using PmoBot.People;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Certifications;

/// <summary>The <c>cert add</c> and <c>pdu add</c> forms, and the reading of what they submit: a record, or a reason for each bad field.</summary>
public static class CertificationForms
{
    public const string CertSaveVerb = "cert.save";
    public const string PduSaveVerb = "pdu.save";

    public const string CredentialField = "certCredential";
    public const string NameField = "certName";
    public const string NumberField = "certNumber";
    public const string IssuedField = "certIssued";
    public const string ExpiresField = "certExpires";

    public const string DateField = "pduDate";
    public const string CategoryField = "pduCategory";
    public const string AreaField = "pduArea";
    public const string UnitsField = "pduUnits";
    public const string ActivityField = "pduActivity";
    public const string PduFormIdField = "pduFormId";
    public const string PduConfirmField = "pduConfirm";

    public const decimal MaxUnitsPerActivity = 60;

    public static JsonObject CertificationCard(IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        errors ??= new Dictionary<string, string>();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Record a certification"),
            errors.Count > 0
                ? AdaptiveCard.Text("Nothing was saved yet: please fix the fields marked below.", color: "Attention")
                : AdaptiveCard.Text("PMI credentials run 3-year cycles from the day you passed; leave the expiry empty and I work out the cycle running today (renewed since, if you passed long ago). Recording a credential again replaces it.", subtle: true),
        };
        Add(body, errors, AdaptiveCard.ChoiceInput(CredentialField, "Credential", RenewalRules.All.Select(r => (r.Name, r.Id)), values.GetValueOrDefault(CredentialField), required: true, errorMessage: "Pick the credential."));
        Add(body, errors, AdaptiveCard.TextInput(NameField, "Name (for Other)", values.GetValueOrDefault(NameField), "e.g. ITIL 4 Foundation"));
        Add(body, errors, AdaptiveCard.TextInput(NumberField, "Certificate number", values.GetValueOrDefault(NumberField), "e.g. 1234567"));
        Add(body, errors, AdaptiveCard.DateInput(IssuedField, "Issued (passed) on", values.GetValueOrDefault(IssuedField), required: true, errorMessage: "Give the date you passed."));
        Add(body, errors, AdaptiveCard.DateInput(ExpiresField, "Expires on (empty: worked out)", values.GetValueOrDefault(ExpiresField)));
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Save", CertSaveVerb, style: "positive")]);
    }

    public static JsonObject PduCard(IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string>? errors = null, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        errors ??= new Dictionary<string, string>();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Log PDUs"),
            errors.Count > 0
                ? AdaptiveCard.Text("Nothing was logged yet: please fix the fields marked below.", color: "Attention")
                : AdaptiveCard.Text(note ?? "One activity: a course, webinar, reading (education, in a Talent Triangle area), or giving back (volunteering, mentoring, creating content; working as a practitioner). Attended PmoBot events are credited by themselves.", subtle: note is null, color: note is null ? null : "Good"),
        };
        Add(body, errors, AdaptiveCard.DateInput(DateField, "Date", values.GetValueOrDefault(DateField), required: true, errorMessage: "Give the date."));
        Add(body, errors, AdaptiveCard.ChoiceInput(CategoryField, "Category", [("Education", nameof(PduCategory.Education)), ("Giving back", nameof(PduCategory.GivingBack)), ("Working as a practitioner (giving back)", nameof(PduCategory.Practitioner))], values.GetValueOrDefault(CategoryField), required: true, errorMessage: "Pick the category."));
        Add(body, errors, AdaptiveCard.ChoiceInput(AreaField, "Talent Triangle area (education)", TalentAreas.All.Select(a => (TalentAreas.NameOf(a), a.ToString())), values.GetValueOrDefault(AreaField)));
        Add(body, errors, EventForm.NumberInput(UnitsField, "PDUs (hours; quarters allowed)", values.GetValueOrDefault(UnitsField), 0, (int)MaxUnitsPerActivity, required: true));
        Add(body, errors, AdaptiveCard.TextInput(ActivityField, "Activity", values.GetValueOrDefault(ActivityField), "e.g. Negotiation skills webinar", required: true, errorMessage: "Say what you did."));
        // The form's id names the entry: the same form sent twice logs once.
        var data = new JsonObject { [PduFormIdField] = values.GetValueOrDefault(PduFormIdField) ?? Guid.NewGuid().ToString("N") };
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Log", PduSaveVerb, data, style: "positive")]);
    }

    /// <summary>The PDUs look like ones logged already: log them anyway, or not.</summary>
    public static JsonObject LikelyRepeat(IReadOnlyDictionary<string, string?> values, PduEntry logged)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(logged);
        var data = new JsonObject { [PduConfirmField] = "yes" };
        foreach (var field in PduFields)
        {
            data[field] = values.GetValueOrDefault(field);
        }

        return AdaptiveCard.Create(
        [
            AdaptiveCard.Heading("Logged already?"),
            AdaptiveCard.Text(RepeatSentence(logged), color: "Warning"),
            AdaptiveCard.Text("Nothing was logged yet. If it was a second activity, log it anyway.", subtle: true),
        ],
        [AdaptiveCard.Execute("Log it anyway", PduSaveVerb, data), AdaptiveCard.SendMessage("Don't log it", "pdus")]);
    }

    public static string RepeatSentence(PduEntry logged)
    {
        ArgumentNullException.ThrowIfNull(logged);
        var kind = logged.Area is { } area ? TalentAreas.NameOf(area) : logged.Category == PduCategory.Practitioner ? "working as a practitioner" : "giving back";
        return $"You logged {TalentAreas.Format(logged.Units)} PDUs ({kind}) for \"{logged.Activity}\" on {DateText.Display(logged.EarnedOn)} already: this looks like the same activity.";
    }

    public static IReadOnlyDictionary<string, string?> Values(JsonObject data, params string[] fields) => FormCards.Fields(data, fields);

    public static readonly string[] CertificationFields = [CredentialField, NameField, NumberField, IssuedField, ExpiresField];

    public static readonly string[] PduFields = [DateField, CategoryField, AreaField, UnitsField, ActivityField, PduFormIdField];

    public static (Certification? Certification, Dictionary<string, string> Errors) ReadCertification(IReadOnlyDictionary<string, string?> values, PmoUser holder, DateOnly today, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(holder);
        var errors = new Dictionary<string, string>();
        var rule = RenewalRules.Find(values.GetValueOrDefault(CredentialField));
        if (rule is null)
        {
            errors[CredentialField] = values.GetValueOrDefault(CredentialField) is { } typed
                ? $"\"{typed}\" is not a credential I know; pick one of {string.Join(", ", RenewalRules.All.Select(r => r.Name))}."
                : "Pick the credential (Other for one not in the list).";
        }

        var name = values.GetValueOrDefault(NameField) ?? string.Empty;
        if (rule?.Id == RenewalRules.Other && name.Length == 0)
        {
            errors[NameField] = "Give the name of the credential, e.g. ITIL 4 Foundation.";
        }
        else if (name.Length > 80)
        {
            errors[NameField] = "Keep the name to 80 characters.";
        }

        var number = values.GetValueOrDefault(NumberField);
        if (number?.Length > 40)
        {
            errors[NumberField] = "Keep the certificate number to 40 characters.";
        }

        var issued = Date(values.GetValueOrDefault(IssuedField), IssuedField, "issue date", required: true, errors);
        if (issued is { } i && i > today)
        {
            errors[IssuedField] = $"The issue date {DateText.Display(i)} is in the future; give the day you passed.";
        }
        else if (issued is { } early && early.Year < 1980)
        {
            errors[IssuedField] = $"{DateText.Display(early)} is before these credentials existed; check the year.";
        }

        var expires = Date(values.GetValueOrDefault(ExpiresField), ExpiresField, "expiry date", required: false, errors)
            // Only an accepted issue date gets a default expiry: years added to one refused as in the future (9999-12-31)
            // would run past the last date there is.
            ?? (issued is { } from && !errors.ContainsKey(IssuedField) && rule?.ValidYears is { } years ? CurrentCycleEnd(from, years, today) : null);
        if (expires is { } e && issued is { } s && e <= s)
        {
            errors[ExpiresField] = $"The expiry {DateText.Display(e)} must be after the issue date {DateText.Display(s)}.";
        }

        if (errors.Count > 0 || rule is null || issued is null)
        {
            return (null, errors);
        }

        var display = rule.Id == RenewalRules.Other ? name : rule.Name;
        return (new Certification(holder.UserKey, holder.Name, rule.Id, display, number, issued.Value, expires, now), errors);
    }

    /// <summary>
    /// The end of the cycle running today, for an expiry left empty: a credential passed in 2021 and still held has been
    /// renewed, so its cycle is the one that has not ended yet (2024–2027), not the first one, which "expired" in 2024.
    /// </summary>
    public static DateOnly CurrentCycleEnd(DateOnly issued, int years, DateOnly today)
    {
        var end = issued.AddYears(years);
        while (end <= today)
        {
            end = end.AddYears(years);
        }

        return end;
    }

    public static (PduEntry? Entry, Dictionary<string, string> Errors) ReadPdu(IReadOnlyDictionary<string, string?> values, PmoUser holder, DateOnly today, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(holder);
        var errors = new Dictionary<string, string>();
        var date = Date(values.GetValueOrDefault(DateField) ?? TypedDate(today), DateField, "date", required: true, errors);
        if (date is { } d && d > today)
        {
            errors[DateField] = $"{DateText.Display(d)} is in the future; log PDUs once you have earned them.";
        }
        else if (date is { } old && old < today.AddYears(-3))
        {
            errors[DateField] = $"{DateText.Display(old)} is more than three years ago, outside any current cycle.";
        }

        PduCategory category = default;
        var categoryText = values.GetValueOrDefault(CategoryField);
        if (categoryText is null || !EnumText.TryParse(categoryText, out category))
        {
            errors[CategoryField] = categoryText is null ? "Pick the category: education or giving back." : $"\"{categoryText}\" is neither education nor giving back.";
        }

        TalentArea? area = null;
        var areaText = values.GetValueOrDefault(AreaField);
        if (areaText is not null)
        {
            if (TalentAreas.TryParse(areaText, out var parsed))
            {
                area = parsed;
            }
            else
            {
                errors[AreaField] = $"\"{areaText}\" is not a Talent Triangle area: Ways of Working, Power Skills or Business Acumen.";
            }
        }

        if (category == PduCategory.Education && area is null && !errors.ContainsKey(AreaField) && !errors.ContainsKey(CategoryField))
        {
            errors[AreaField] = "Education PDUs fall in a Talent Triangle area: pick Ways of Working, Power Skills or Business Acumen.";
        }
        else if (category != PduCategory.Education && area is not null && !errors.ContainsKey(CategoryField))
        {
            errors[AreaField] = "Giving back has no Talent Triangle area; leave the area empty (or choose Education).";
        }

        var unitsText = values.GetValueOrDefault(UnitsField);
        decimal units = 0;
        if (unitsText is null)
        {
            errors[UnitsField] = "Give the PDUs earned (one per hour, e.g. 1.5).";
        }
        else if (!NumberText.TryReadQuantity(unitsText, out units) || units <= 0 || units > MaxUnitsPerActivity)
        {
            errors[UnitsField] = $"PDUs \"{unitsText}\" must be a number above 0 and at most {TalentAreas.Format(MaxUnitsPerActivity)} for one activity.";
        }
        else if (units * 4 != Math.Floor(units * 4))
        {
            errors[UnitsField] = $"PDUs are counted in quarters (0.25 = 15 minutes); {unitsText} is not one.";
        }

        var activity = values.GetValueOrDefault(ActivityField) ?? string.Empty;
        if (activity.Length == 0)
        {
            errors[ActivityField] = "Say what the activity was, e.g. Negotiation skills webinar.";
        }
        else if (activity.Length > 200)
        {
            errors[ActivityField] = "Keep the activity to 200 characters.";
        }

        return errors.Count > 0 || date is null
            ? (null, errors)
            : (new PduEntry(holder.UserKey, $"manual|{values.GetValueOrDefault(PduFormIdField) ?? now.UtcTicks.ToString(CultureInfo.InvariantCulture)}", date.Value, category, area, units, activity, now), errors);
    }

    /// <summary>
    /// A date as people type it into the forms and commands here (<c>2027-03-05</c>), and as keys built from it stay:
    /// cards and messages show <see cref="DateText.Display"/> instead, the one format people read dates in.
    /// </summary>
    public static string TypedDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Date(string? text, string field, string what, bool required, Dictionary<string, string> errors)
    {
        if (text is null)
        {
            if (required)
            {
                errors[field] = $"Give the {what} (yyyy-MM-dd).";
            }

            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[field] = $"The {what} \"{text}\" is not a date as yyyy-MM-dd (like 2025-06-30).";
        return null;
    }

    private static void Add(List<JsonNode?> body, IReadOnlyDictionary<string, string> errors, JsonObject input) => FormCards.AddInput(body, errors, input);
}
