using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Commands;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Commands;

/// <summary>
/// Every command the running app registers shows its arguments in <c>help</c> the same way: the command's own words,
/// then each argument in ‹angle quotes› (needed) or [square brackets] (optional). A bare word such as
/// <c>process publish name</c> reads as a literal to type, and &lt;name&gt; is swallowed as HTML by some Teams clients.
/// </summary>
public sealed partial class HelpUsageTests
{
    [Fact]
    public async Task Every_registered_commands_usage_is_its_name_then_marked_arguments()
    {
        await using var server = new PmoBotServer(new Dictionary<string, string?> { ["Delivery:SendersEnabled"] = "false" });
        var commands = server.Services.GetServices<ICommandModule>().SelectMany(m => m.Commands).ToList();
        Assert.True(commands.Count > 60, $"Only {commands.Count} commands are registered.");

        var problems = commands.Select(Problem).OfType<string>().ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("process publish ‹name›", "process publish", true)]
    [InlineData("review schedule [‹day› ‹hour› | reset]", "review schedule", true)]
    [InlineData("suggest ‹process›: ‹your idea›", "suggest", true)]
    [InlineData("plan add ‹programme id› [due ‹yyyy-MM-dd›]", "plan add", true)]
    [InlineData("process publish name", "process publish", false)]
    [InlineData("plan add PROGRAMME-ID", "plan add", false)]
    [InlineData("status <code>", "status", false)]
    [InlineData("projects [business unit", "projects", false)]
    public void The_rule_tells_marked_arguments_from_bare_words(string usage, string name, bool accepted)
    {
        var definition = new CommandDefinition(name, usage, "d", new HashSet<PmoBot.People.Role>(), (_, _) => Task.FromResult<Reply>(Reply.Message("x")));

        Assert.Equal(accepted, Problem(definition) is null);
    }

    private static string? Problem(CommandDefinition command)
    {
        if (!command.Usage.StartsWith(command.Name, StringComparison.Ordinal))
        {
            return $"'{command.Usage}' does not start with its command's name '{command.Name}'.";
        }

        var rest = command.Usage[command.Name.Length..];
        if (rest.Contains('<', StringComparison.Ordinal) || rest.Contains('>', StringComparison.Ordinal))
        {
            return $"'{command.Usage}' marks an argument with <>, which some Teams clients drop as HTML; use ‹›.";
        }

        // Strip optional parts (innermost first), then needed ones; what is left must be separators only.
        var previous = "";
        while (previous != rest)
        {
            previous = rest;
            rest = Optional().Replace(rest, "");
        }

        rest = Needed().Replace(rest, "");
        return Separators().IsMatch(rest) ? null : $"'{command.Usage}' has words outside ‹› or [] after '{command.Name}': '{rest.Trim()}'.";
    }

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Optional();

    [GeneratedRegex(@"‹[^‹›]+›")]
    private static partial Regex Needed();

    [GeneratedRegex(@"^[\s:|]*$")]
    private static partial Regex Separators();
}
