namespace PmoBot.Tests.Infra;

/// <summary><c>infra/main.bicep</c> compiled once per test class with <c>bicep build --stdout</c>; nothing is written into the repository.</summary>
public sealed class CompiledMainTemplate : IAsyncLifetime
{
    private ArmTemplate? template;

    internal BicepCli.Result Build { get; private set; } = new(-1, string.Empty, string.Empty);

    internal ArmTemplate Template => template
        ?? throw new InvalidOperationException($"bicep build failed with exit code {Build.ExitCode}:{Environment.NewLine}{Build.StandardError}");

    public async Task InitializeAsync()
    {
        Build = await BicepCli.RunAsync("build", BicepCli.MainTemplatePath, "--stdout");
        if (Build.ExitCode == 0)
        {
            template = ArmTemplate.Parse(Build.StandardOutput);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
