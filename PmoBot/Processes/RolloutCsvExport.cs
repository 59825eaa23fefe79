using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Processes;

/// <summary>
/// A rollout's people as a CSV file, offered in the PMO member's personal chat and built when they accept it, so the
/// list lands in their OneDrive rather than as text to copy into a file.
/// </summary>
public sealed class RolloutCsvExport(RolloutStore store, TimeProvider time) : IFileOfferSource
{
    public const string FileKind = "rollout-people";
    public const string ProcessField = "process";
    public const string VersionField = "version";

    public string Kind => FileKind;

    public static string FileName(Rollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        return $"{rollout.ProcessKey}-v{rollout.Version.ToString(CultureInfo.InvariantCulture)}-rollout.csv";
    }

    public static FileOffer Offer(Rollout rollout, IReadOnlyList<Acknowledgement> people, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(people);
        return new FileOffer(
            FileKind,
            FileName(rollout),
            $"Who has acknowledged {rollout.Title} ({ProcessText.Count(people.Count, "person", "people")})",
            new JsonObject { [ProcessField] = rollout.ProcessKey, [VersionField] = rollout.Version },
            // The file as it stands: it is built again when accepted, with whoever acknowledged meanwhile.
            RolloutCsv.File(rollout, people, now).LongLength);
    }

    public async Task<OfferedFile> BuildAsync(PmoUser caller, JsonObject context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        if (!caller.HasAny(Roles.PmoOrAdmin))
        {
            return new OfferedFile.Refused("Rollout lists are for the PMO, and your role is " + Roles.Describe(caller.Roles) + ", so the file was not sent.");
        }

        var key = context[ProcessField] is JsonValue keyValue && keyValue.TryGetValue<string>(out var text) ? text.Trim() : null;
        var version = context[VersionField] is JsonValue versionValue && versionValue.TryGetValue<int>(out var number) ? number : (int?)null;
        if (string.IsNullOrEmpty(key) || version is null)
        {
            return new OfferedFile.Refused($"This file offer does not say which rollout it is for, so nothing was sent. Type **{RolloutCommands.ExportCommand}** and the process to be offered the file again.");
        }

        var rollout = await store.GetAsync(key, version.Value, cancellationToken);
        if (rollout is null)
        {
            return new OfferedFile.Refused($"The rollout of {key} version {version} is no longer there, so there is nothing to send.");
        }

        var people = await store.ListPeopleAsync(rollout.ProcessKey, rollout.Version, cancellationToken);
        return new OfferedFile.Built(FileName(rollout), RolloutCsv.File(rollout, people, time.GetUtcNow()));
    }
}
