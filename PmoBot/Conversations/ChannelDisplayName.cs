namespace PmoBot.Conversations;

/// <summary>
/// The name people see for a channel: "Delivery › PMO", the team then the channel. A rename of either part changes
/// only that part of a kept name.
/// </summary>
public static class ChannelDisplayName
{
    /// <summary>Teams leaves the General channel's name empty.</summary>
    public const string GeneralChannel = "General";

    private const string Separator = " › ";

    public static string Of(string? teamName, string? channelName)
    {
        var channel = string.IsNullOrWhiteSpace(channelName) ? GeneralChannel : channelName.Trim();
        return string.IsNullOrWhiteSpace(teamName) ? channel : $"{teamName.Trim()}{Separator}{channel}";
    }

    /// <summary>The team part of a kept name; null when the name has none.</summary>
    public static string? TeamOf(string? name) =>
        name is not null && name.IndexOf(Separator, StringComparison.Ordinal) is var at and > 0 ? name[..at] : null;

    /// <summary>The channel part of a kept name (the whole name when it has no team part).</summary>
    public static string? ChannelOf(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null
        : name.IndexOf(Separator, StringComparison.Ordinal) is var at and > 0 ? name[(at + Separator.Length)..] : name;
}
