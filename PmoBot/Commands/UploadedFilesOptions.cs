using System.ComponentModel.DataAnnotations;

namespace PmoBot.Commands;

/// <summary>Where PmoBot fetches a file someone sent in chat from.</summary>
public sealed class UploadedFilesOptions
{
    public const string SectionName = "Files";

    /// <summary>
    /// Teams hands a file sent in personal chat over as a pre-authenticated link into the sender's OneDrive, on
    /// SharePoint: the commercial cloud's and the government and China clouds' hosts. A link elsewhere did not come
    /// from Teams, and following it would let a crafted message make PmoBot fetch any address it can reach.
    /// </summary>
    public static readonly IReadOnlyList<string> TeamsFileHosts = ["sharepoint.com", "sharepoint.us", "sharepoint-mil.us", "sharepoint.cn"];

    /// <summary>More host names (or parent domains) to download from, for a tenant whose files live elsewhere.</summary>
    public List<string> ExtraDownloadHosts { get; set; } = [];

    /// <summary>Plain http on this machine, for a local stand-in of OneDrive; on in Development only.</summary>
    public bool AllowLoopbackDownloads { get; set; }

    /// <summary>Whether a download link points where Teams puts files: https on a SharePoint host (or one configured).</summary>
    public bool Allows(Uri url)
    {
        if (AllowLoopbackDownloads && url.IsLoopback && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return true;
        }

        return url.Scheme == Uri.UriSchemeHttps
            && url.HostNameType == UriHostNameType.Dns
            && TeamsFileHosts.Concat(ExtraDownloadHosts).Any(host => IsHostOrSubdomain(url.IdnHost, host));
    }

    private static bool IsHostOrSubdomain(string host, string parent)
    {
        parent = parent.Trim().TrimStart('.');
        return parent.Length > 0
            && (host.Equals(parent, StringComparison.OrdinalIgnoreCase)
                || host.EndsWith("." + parent, StringComparison.OrdinalIgnoreCase));
    }
}
