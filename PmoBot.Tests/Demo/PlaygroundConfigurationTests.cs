using System.Text.Json.Nodes;
using PmoBot.Demo;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Demo;

/// <summary>
/// <c>.m365agentsplayground.yml</c> must list the demo people with their ids, so switching user in the Agents
/// Playground switches role. Read with plain line parsing: the file's shape is fixed by the playground.
/// </summary>
public sealed class PlaygroundConfigurationTests
{
    private sealed record PlaygroundUser(string Id, string Name, string AadObjectId);

    [Fact]
    public void The_playground_users_are_exactly_the_demo_people_with_the_first_as_current_user()
    {
        var (currentUser, users) = ReadPlaygroundUsers();

        var demo = DemoOrganisation.People.Select(p => new PlaygroundUser(p.TeamsUserId, p.Name, p.AadObjectId)).ToList();
        Assert.Equal(demo[0], currentUser);
        var everyone = users.Prepend(currentUser).Distinct().ToList();
        Assert.Equal(demo.OrderBy(u => u.Id, StringComparer.Ordinal), everyone.OrderBy(u => u.Id, StringComparer.Ordinal));
        Assert.Equal(everyone.Count, everyone.Select(u => u.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_playgrounds_current_user_is_the_configured_demo_admin()
    {
        var settings = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("PmoBot", "appsettings.Development.json")))!;

        var admins = settings["Roles"]!["Admins"]!.AsArray().Select(a => (string)a!).ToList();

        Assert.Contains(DemoOrganisation.ConfiguredAdminObjectId, admins);
        Assert.Equal(DemoOrganisation.ConfiguredAdminObjectId, ReadPlaygroundUsers().CurrentUser.AadObjectId);
        Assert.True((bool)settings["Demo"]!["Seed"]!);
    }

    private static (PlaygroundUser CurrentUser, List<PlaygroundUser> Users) ReadPlaygroundUsers()
    {
        var path = RepositoryRoot.Combine(".m365agentsplayground.yml");
        Assert.True(File.Exists(path), $"{path} is missing");
        PlaygroundUser? currentUser = null;
        var users = new List<PlaygroundUser>();
        string? section = null;
        Dictionary<string, string>? entry = null;

        void Flush()
        {
            if (entry is null)
            {
                return;
            }

            var user = new PlaygroundUser(entry.GetValueOrDefault("id", ""), entry.GetValueOrDefault("name", ""), entry.GetValueOrDefault("aadObjectId", ""));
            if (section == "currentUser")
            {
                currentUser = user;
            }
            else
            {
                users.Add(user);
            }

            entry = null;
        }

        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Split(" #")[0].TrimEnd();
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                // A top-level key ends the block before it.
                Flush();
                section = line.TrimEnd(':');
                entry = section == "currentUser" ? [] : null;
                continue;
            }

            if (section is not ("currentUser" or "users"))
            {
                continue;
            }

            var item = line.Trim();
            if (item.StartsWith("- ", StringComparison.Ordinal))
            {
                Flush();
                entry = [];
                item = item[2..];
            }

            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (entry is not null && colon > 0)
            {
                entry[item[..colon].Trim()] = item[(colon + 1)..].Trim().Trim('"', '\'');
            }
        }

        Flush();
        Assert.NotNull(currentUser);
        return (currentUser, users);
    }
}
