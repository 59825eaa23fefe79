using System.Net;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.Development.Mentoring;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Teams;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.Processes;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Buttons pressed over real HTTP with every field as the card sends it but one: a choice sent as a number, an id
/// longer than any card makes, a month not due yet, a person listed twice, a link of pages. Each is answered in words
/// that say what was wrong and nothing wrong is stored; each has its twin, the same press with that field as the card
/// sends it, which does what it says.
/// </summary>
public sealed class CardActionFaultsOverHttpTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_pdu_category_sent_as_a_number_is_refused_on_the_form_and_the_category_by_name_is_logged()
    {
        await using var run = await StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var inputs = new Dictionary<string, string>
        {
            [CertificationForms.UnitsField] = "1.5",
            [CertificationForms.ActivityField] = "Mentored a new PM",
        };

        foreach (var number in new[] { "7", "1" })
        {
            var form = Assert.Single(await run.SayAsync(megan, "pdu add")).Card!;
            inputs[CertificationForms.CategoryField] = number;
            var refused = CardOfInvoke(await run.PressAsync(megan, form, "Log", inputs: inputs));
            Assert.Contains($"\"{number}\" is neither education nor giving back.", TextsOf(refused));
        }

        Assert.Empty(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, None));
        inputs[CertificationForms.CategoryField] = "GivingBack";
        var logged = CardOfInvoke(await run.PressAsync(megan, Assert.Single(await run.SayAsync(megan, "pdu add")).Card!, "Log", inputs: inputs));
        Assert.Contains("Logged 1.5 PDUs (giving back): Mentored a new PM.", TextsOf(logged));
        Assert.Equal(PduCategory.GivingBack, Assert.Single(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, None)).Category);
    }

    [Fact]
    public async Task A_pdu_form_whose_id_is_longer_than_any_form_has_is_refused_in_words_and_the_same_form_as_sent_logs()
    {
        await using var run = await StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var form = Assert.Single(await run.SayAsync(megan, "pdu add")).Card!;
        var inputs = new Dictionary<string, string>
        {
            [CertificationForms.CategoryField] = "GivingBack",
            [CertificationForms.UnitsField] = "1.5",
            [CertificationForms.ActivityField] = "Mentored a new PM",
            [CertificationForms.PduFormIdField] = new string('f', 5000),
        };

        var refused = await run.PressAsync(megan, form, "Log", inputs: inputs);

        Assert.Equal("This PDU form is not one PmoBot made (its id is too long), so nothing was logged. Type **pdu add** for a fresh form.", refused["value"]!.GetValue<string>());
        Assert.Empty(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, None));
        inputs.Remove(CertificationForms.PduFormIdField);
        Assert.Contains("Logged 1.5 PDUs (giving back): Mentored a new PM.", TextsOf(CardOfInvoke(await run.PressAsync(megan, form, "Log", inputs: inputs))));
        Assert.Single(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, None));
    }

    [Fact]
    public async Task An_event_reach_sent_as_a_number_is_refused_on_the_form_and_nothing_is_saved_while_local_saves()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var form = Assert.Single(await run.SayAsync(alex, "event add")).Card!;
        var formId = ButtonOf(form, "Save and post")["data"]![EventForm.FormIdField]!.GetValue<string>();
        var inputs = EventInputs(channelId, 5);
        inputs[EventForm.ReachField] = "3";

        var refused = CardOfInvoke(await run.PressAsync(alex, form, "Save and post", inputs: inputs));

        Assert.Contains("\"3\" is neither Local nor International.", TextsOf(refused));
        Assert.Null(await run.Get<EventStore>().GetAsync(EventOrganiser.IdForForm(formId), None));
        inputs[EventForm.ReachField] = nameof(EventReach.Local);
        Assert.StartsWith("Saved EV-", TextsOf(CardOfInvoke(await run.PressAsync(alex, form, "Save and post", inputs: inputs)))[0], StringComparison.Ordinal);
        Assert.Equal(EventReach.Local, (await run.Get<EventStore>().GetAsync(EventOrganiser.IdForForm(formId), None))!.Reach);
    }
}
