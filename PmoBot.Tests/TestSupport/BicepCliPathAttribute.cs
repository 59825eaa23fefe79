namespace PmoBot.Tests.TestSupport;

/// <summary>Where restore put the Bicep CLI; written into the test assembly by the project file.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class BicepCliPathAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}
