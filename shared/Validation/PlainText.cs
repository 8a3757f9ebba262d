using System.Globalization;
using System.Text;

namespace CoP.Shared.Validation;

/// <summary>
/// How a free-text field is checked: one line or several, required or not, and its longest length. With a
/// <paramref name="Label"/> ("name", "organization") the messages name it: "The name is required.".
/// </summary>
public sealed record TextField(string Name, int MaxLength, bool Required = false, bool Multiline = false, string? Label = null);

/// <summary>
/// The one text policy for everything people write into the community: member names and organisations, poll questions,
/// descriptions and option labels, document titles and descriptions, topic names. The text is put in Unicode form C;
/// invisible characters that mean nothing (zero-width space, byte-order mark, word joiner, soft hyphen) are removed;
/// whitespace runs become one space (and on multi-line fields, line breaks stay, at most one blank line in a row; a
/// one-line field refuses them, as a line break in a name or a title is never meant); text made only of invisible
/// characters counts as empty; and characters that make text read differently from what it is are refused with a message: control characters,
/// bidirectional embeddings, overrides and isolates ("Trojan Source"), tag characters, private-use and unassigned code
/// points. Joiners (ZWJ, ZWNJ) and direction marks (LRM, RLM, ALM) stay: Persian, Arabic and Indic text and emoji
/// sequences need them, and they cannot reorder what follows.
/// </summary>
public static class PlainText
{
    /// <summary>
    /// Checks <paramref name="value"/> against <paramref name="field"/>; the cleaned text (null when empty and not
    /// required) and no error, or an error message that the caller ties to the field.
    /// </summary>
    public static string? Check(string? value, TextField field, out string? cleaned)
    {
        ArgumentNullException.ThrowIfNull(field);
        cleaned = null;
        if (Refused(value, field.Multiline) is { } refusal)
        {
            return refusal;
        }

        var text = Clean(value ?? "", field.Multiline);
        if (!HasVisible(text))
        {
            return !field.Required ? null : field.Label is { } label ? $"The {label} is required." : "This field is required.";
        }

        if (text.Length > field.MaxLength)
        {
            return field.Label is { } label ? $"The {label} must be at most {field.MaxLength} characters." : $"At most {field.MaxLength} characters.";
        }

        cleaned = text;
        return null;
    }

    /// <summary>True when <paramref name="rune"/> is refused anywhere in free text.</summary>
    public static bool IsRefused(Rune rune) =>
        rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) or (>= 0xE0000 and <= 0xE007F)
        || (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control && !Rune.IsWhiteSpace(rune))
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;

    private static string? Refused(string? value, bool multiline)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var rune = default(Rune);
        for (var i = 0; i < value.Length; i += rune.Utf16SequenceLength)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out rune, out _) != System.Buffers.OperationStatus.Done)
            {
                return "The text is not valid Unicode.";
            }

            if (!multiline && IsLineBreak(rune))
            {
                return "Line breaks are not allowed here.";
            }

            if (IsRefused(rune))
            {
                return rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069)
                    ? "Characters that change the reading direction are not allowed."
                    : "Control and invisible characters are not allowed.";
            }
        }

        return null;
    }

    private static bool IsRemoved(Rune rune) =>
        rune.Value is 0x200B or 0xFEFF or 0x2060 or 0x00AD or 0x180E or (>= 0x2061 and <= 0x2064) or (>= 0x206A and <= 0x206F);

    private static string Clean(string value, bool multiline)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        var pendingBreaks = 0;
        var afterCarriageReturn = false;
        foreach (var rune in value.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (IsRemoved(rune))
            {
                continue;
            }

            if (multiline && IsLineBreak(rune))
            {
                // "\r\n" counts once; a run of breaks keeps at most one blank line.
                if (rune.Value != '\n' || !afterCarriageReturn)
                {
                    pendingBreaks = Math.Min(pendingBreaks + 1, 2);
                }

                afterCarriageReturn = rune.Value == '\r';
                pendingSpace = false;
                continue;
            }

            afterCarriageReturn = false;
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = true;
                continue;
            }

            if (builder.Length > 0)
            {
                if (pendingBreaks > 0)
                {
                    builder.Append('\n', pendingBreaks);
                }
                else if (pendingSpace)
                {
                    builder.Append(' ');
                }
            }

            pendingSpace = false;
            pendingBreaks = 0;
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    /// <summary>Whether anything but whitespace, the joiners and marks that are kept (ZWJ, ZWNJ, LRM, RLM, ALM) and blank letters is left.</summary>
    private static bool HasVisible(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune) && Rune.GetUnicodeCategory(rune) is not UnicodeCategory.Format && !IsBlankLetter(rune))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Letters that draw nothing: the Hangul fillers and the blank Braille pattern. They are kept inside text, but a
    /// name made only of them is the classic "invisible name", so alone they count as empty.
    /// </summary>
    private static bool IsBlankLetter(Rune rune) => rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;

    private static bool IsLineBreak(Rune rune) => rune.Value is '\n' or '\r' or 0x2028 or 0x2029 or 0x0085;
}
