using System.Globalization;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Meetings;

/// <summary>
/// Table <c>ReviewMeetings</c>: PartitionKey the project code (upper case), RowKey the meeting's end as ticks, so a
/// project's meetings still to come are one range query of a small partition. Every review meeting PmoBot books is
/// here, whichever button or command booked it, so a project has one upcoming review meeting at a time.
/// </summary>
public sealed class ReviewMeetingStore(TableServiceClient service)
{
    public const string TableName = "ReviewMeetings";

    private readonly TableClient table = service.GetTableClient(TableName);

    /// <summary>The project's first meeting that has not ended at <paramref name="now"/>, or null.</summary>
    public async Task<MeetingBooking.Booked?> UpcomingAsync(string projectCode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var partition = TableKey.Escape(projectCode.ToUpperInvariant());
        var after = RowKeyFor(now);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after}"), maxPerPage: 10, cancellationToken: cancellationToken))
        {
            return new MeetingBooking.Booked(
                entity.GetDateTimeOffset("Start") ?? now,
                entity.GetDateTimeOffset("End") ?? now,
                entity.GetString("JoinUrl"),
                entity.GetString("EventId") ?? string.Empty);
        }

        return null;
    }

    public Task SaveAsync(string projectCode, MeetingBooking.Booked booked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booked);
        return table.UpsertEntityAsync(
            new TableEntity(TableKey.Escape(projectCode.ToUpperInvariant()), RowKeyFor(booked.End))
            {
                ["Start"] = booked.Start,
                ["End"] = booked.End,
                ["JoinUrl"] = booked.JoinUrl,
                ["EventId"] = booked.EventId,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    private static string RowKeyFor(DateTimeOffset end) => end.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
