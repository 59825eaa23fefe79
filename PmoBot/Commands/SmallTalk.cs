using System.Text.RegularExpressions;
using PmoBot.People;

namespace PmoBot.Commands;

/// <summary>
/// What people type to a bot that is no command: a greeting, a thank-you. It gets a kind answer that says where to
/// start, not "I don't know the command". Conversation flows see the text first, so an answer to a review question
/// that happens to be "ok, thanks" is still an answer.
/// </summary>
public static partial class SmallTalk
{
    public static bool IsGreeting(string? text) => Greeting().IsMatch(Bare(text));

    public static Reply? Answer(PmoUser caller, string? text)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var bare = Bare(text);
        if (Greeting().IsMatch(bare))
        {
            var firstName = caller.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? caller.Name;
            return Reply.Message($"Hello {firstName}. Type **help** to see what you can do here.");
        }

        return Thanks().IsMatch(bare) ? Reply.Message("You're welcome. Type **help** whenever you need me.") : null;
    }

    /// <summary>Lower case, without the punctuation and emoji people end a greeting with.</summary>
    private static string Bare(string? text) => Trailing().Replace(CommandText.Normalize(text).ToLowerInvariant(), string.Empty);

    [GeneratedRegex(@"^(hi|hello|hey|hiya|howdy|hallo|good (morning|afternoon|evening|day))( (there|all|everyone|pmobot|bot))?$")]
    private static partial Regex Greeting();

    [GeneratedRegex(@"^((ok|okay|great|perfect|cool|nice)[, ]+)?(thanks|thank you|thanks a lot|many thanks|thank you very much|thx|ty|cheers)( (pmobot|bot))?$")]
    private static partial Regex Thanks();

    [GeneratedRegex(@"[\s!.?,:;)(\p{So}\p{Sk}\p{Cs}\uFE0F\u200D]+$")]
    private static partial Regex Trailing();
}
