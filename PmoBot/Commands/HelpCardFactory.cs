using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;

namespace PmoBot.Commands;

public static class HelpCardFactory
{
    public static JsonObject Create(PmoUser caller, IReadOnlyList<CommandDefinition> commands)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("What you can ask PmoBot"),
            AdaptiveCard.Text($"{caller.Name}, {Roles.YouAre(caller.Roles)}. Type a command, with or without a leading /.", subtle: true),
        };
        body.Add(AdaptiveCard.Facts(commands.Select(c => (c.Usage, c.Description))));
        if (caller.Roles.Count == 0)
        {
            body.Add(AdaptiveCard.Text("A PMO member or an admin can give you a role (project manager, PMO, leader) to unlock more.", subtle: true));
        }

        return AdaptiveCard.Create(body);
    }
}
