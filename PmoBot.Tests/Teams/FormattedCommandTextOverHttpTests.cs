using PmoBot.People;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// What a person types reaches PmoBot in the shapes Teams' clients send it: plain, with a non-breaking space after a
/// word, as HTML when the compose box formatted it (a paragraph, a line break, bold), or in full-width letters from a
/// Japanese, Chinese or Korean input method. Each is the same command.
/// </summary>
public sealed class FormattedCommandTextOverHttpTests
{
    [Theory]
    [InlineData("whoami")]
    [InlineData("<p>whoami</p>")]
    [InlineData("<div><div>whoami</div></div>")]
    [InlineData("<p><strong>whoami</strong></p>")]
    [InlineData("whoami<br>")]
    [InlineData("<p>whoami&nbsp;</p>")]
    [InlineData("whoami\u00a0")]
    [InlineData("\uff57\uff48\uff4f\uff41\uff4d\uff49")] // ｗｈｏａｍｉ: an input method in full-width mode
    [InlineData("\uff0f\uff37\uff28\uff2f\uff21\uff2d\uff29\u3000")] // ／ＷＨＯＡＭＩ and an ideographic space
    public async Task A_command_typed_plain_or_formatted_is_the_same_command(string typed)
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);

        var reply = (await run.SayAsync(alex, typed))[^1];

        Assert.Equal(alex.Name, reply.Card?["body"]?[0]?["text"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_full_width_command_keeps_its_argument_and_other_scripts_are_left_as_typed()
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);

        // ｔｉｍｅｚｏｎｅ　Ｅｕｒｏｐｅ／Ｐａｒｉｓ
        var set = (await run.SayAsync(alex, "\uff54\uff49\uff4d\uff45\uff5a\uff4f\uff4e\uff45\u3000\uff25\uff55\uff52\uff4f\uff50\uff45\uff0f\uff30\uff41\uff52\uff49\uff53"))[^1];
        var unknown = (await run.SayAsync(alex, "status 東京ＰＲＪ"))[^1];

        Assert.StartsWith("Done: your time zone is now Europe/Paris.", set.Text, StringComparison.Ordinal);
        Assert.StartsWith("No project's code or name matches \"東京PRJ\".", unknown.Card?["body"]?[1]?["text"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_formatted_command_keeps_its_argument_and_a_plain_one_its_angle_brackets()
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);

        var set = (await run.SayAsync(alex, "<p>timezone <strong>Europe/Paris</strong></p>"))[^1];
        var unknown = (await run.SayAsync(alex, "status <PRJ-NOPE>"))[^1];

        Assert.StartsWith("Done: your time zone is now Europe/Paris.", set.Text, StringComparison.Ordinal);
        // Typed brackets (someone copying a placeholder) are not taken for formatting and vanish silently.
        Assert.StartsWith("No project's code or name matches \"<PRJ-NOPE>\".", unknown.Card?["body"]?[1]?["text"]?.GetValue<string>(), StringComparison.Ordinal);
    }
}
