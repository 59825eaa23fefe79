namespace PmoBot.Delivery;

/// <summary>How the outbox reaches people who never opened PmoBot (configuration section <c>Teams</c>).</summary>
public sealed class ProactiveInstallOptions
{
    public const string SectionName = "Teams";

    /// <summary>The app's id in the organisation's Teams app catalog (not the manifest id), for Graph installs.</summary>
    public string? AppCatalogId { get; set; }

    /// <summary>The Bot Connector endpoint for the tenant's region, used to open a chat with a newly installed user.</summary>
    public string ServiceUrl { get; set; } = "https://smba.trafficmanager.net/teams/";
}
