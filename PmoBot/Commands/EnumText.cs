namespace PmoBot.Commands;

/// <summary>
/// A feature's enums as people type and read them: the choices of a command or a card's field, whichever feature
/// owns the enum.
/// </summary>
public static class EnumText
{
    /// <summary>Enum names as people type them: any case, with or without spaces, dashes or underscores ("on hold"); never numbers.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        var squeezed = string.Concat((text ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '_')));
        value = default;
        return squeezed.Length > 0 && squeezed.All(char.IsLetter) && Enum.TryParse(squeezed, ignoreCase: true, out value);
    }

    /// <summary>"OnHold" as "On hold".</summary>
    public static string Describe<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        return name[0] + string.Concat(name.Skip(1).Select(c => char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
    }

    public static string Choices<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(Describe));
}
