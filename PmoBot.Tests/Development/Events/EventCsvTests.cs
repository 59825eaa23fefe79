using System.Text;
using PmoBot.Development.Events;

namespace PmoBot.Tests.Development.Events;

public sealed class EventCsvTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_waitlist_column_gives_each_waiting_persons_place_as_they_were_told_it_not_the_sequence_with_its_gaps()
    {
        var learningEvent = DevelopmentHarness.Sample("EV-CSV1", Now.AddDays(10), 2, Now.AddDays(9), Now);
        // Seq 1 and 2 cancelled, 3 and 4 promoted: those still waiting were told they are 1st, 2nd and 3rd.
        Registration Row(string name, RegistrationStatus status, long seq) => new(learningEvent.Id, $"u-{name}", name, null, status, seq, Now);
        var rows = new[]
        {
            Row("Ann", RegistrationStatus.Cancelled, 1), Row("Ben", RegistrationStatus.Cancelled, 2),
            Row("Dan", RegistrationStatus.Registered, 3), Row("Eve", RegistrationStatus.Registered, 4),
            Row("Fay", RegistrationStatus.Waitlisted, 5), Row("Adele", RegistrationStatus.Waitlisted, 7), Row("Megan", RegistrationStatus.Waitlisted, 9),
        };

        var csv = Encoding.UTF8.GetString(EventCsv.Build(learningEvent, rows)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        var place = Array.IndexOf(EventCsv.Columns.ToArray(), "waitlist_place");
        string PlaceOf(string name) => csv.Single(l => l.Contains($",{name},", StringComparison.Ordinal)).Split(',')[place];
        Assert.Equal(["1", "2", "3"], new[] { PlaceOf("Fay"), PlaceOf("Adele"), PlaceOf("Megan") });
        Assert.Equal(string.Empty, PlaceOf("Dan"));
    }

    [Fact]
    public void The_file_offer_announces_the_size_of_the_file_as_it_stands()
    {
        var learningEvent = DevelopmentHarness.Sample("EV-CSV2", Now.AddDays(10), 2, Now.AddDays(9), Now);
        var rows = new[] { new Registration(learningEvent.Id, "u-1", "Megan Bowen", null, RegistrationStatus.Registered, 1, Now) };

        Assert.Equal(EventCsv.Build(learningEvent, rows).LongLength, EventCsvExport.Offer(learningEvent, rows).SizeInBytes);
    }
}
