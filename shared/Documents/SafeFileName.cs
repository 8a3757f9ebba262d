using System.Globalization;
using System.Text;

namespace CoP.Shared.Documents;

/// <summary>
/// Turns a client's file name into one that is safe as the last segment of a blob name and in a
/// Content-Disposition header: no directories, no control or bidirectional-override characters, no
/// Windows device names, a bounded length. Names that cannot be made safe are refused with a reason.
/// </summary>
public static class SafeFileName
{
    public const int MaxInputLength = 1024;
    public const int MaxLength = 120;

    private static readonly HashSet<string> DeviceNames = new(
        ["CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
         .. Enumerable.Range(0, 10).Select(i => $"COM{i}"), .. Enumerable.Range(0, 10).Select(i => $"LPT{i}"),
         "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The safe name, or null with <paramref name="error"/> saying why the name is refused.</summary>
    public static string? Create(string? fileName, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(fileName))
        {
            error = "A file name is required.";
            return null;
        }

        if (fileName.Length > MaxInputLength)
        {
            error = $"The file name may be at most {MaxInputLength} characters.";
            return null;
        }

        // Control characters (NUL included) and direction overrides make a name display as something it is not
        // ("invoice‮fdp.exe"): refused rather than silently altered, so the uploader sees the problem.
        if (fileName.Any(c => char.IsControl(c) || IsDirectionControl(c)) || !IsWellFormed(fileName))
        {
            error = "The file name contains control, text-direction or broken Unicode characters.";
            return null;
        }

        // Only the last segment counts: "../../etc/passwd" and "C:\\temp\\a.pdf" keep "passwd" and "a.pdf".
        var name = fileName.Normalize(NormalizationForm.FormC);
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var cleaned = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var keep = Rune.IsLetterOrDigit(rune) || rune.Value is '.' or '-' or '_' || category == UnicodeCategory.NonSpacingMark;
            cleaned.Append(keep ? rune.ToString() : "-");
        }

        var collapsed = CollapseRuns(cleaned.ToString()).Trim('.', '-', ' ');
        var extension = Path.GetExtension(collapsed);
        var stem = collapsed[..^extension.Length].TrimEnd('.', '-');
        if (stem.Length == 0 || extension.Length < 2)
        {
            error = "The file name needs a name and an extension, such as report.pdf.";
            return null;
        }

        if (DeviceNames.Contains(stem.Split('.')[0]))
        {
            stem = "_" + stem;
        }

        if (stem.Length + extension.Length > MaxLength)
        {
            stem = TruncateText(stem, MaxLength - extension.Length);

            // One letter under a flood of combining marks is a single text element longer than the limit: cutting
            // at its boundary leaves nothing, and ".pdf" would be a hidden file with no name.
            if (stem.Length == 0)
            {
                error = $"The file name may be at most {MaxLength} characters.";
                return null;
            }
        }

        return stem + extension.ToLowerInvariant();
    }

    private static bool IsDirectionControl(char c) =>
        c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[++i])))
            {
                return false;
            }
        }

        return true;
    }

    private static string CollapseRuns(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if ((c == '-' || c == '.') && builder.Length > 0 && builder[^1] == c)
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Cuts at a text-element boundary so that no surrogate pair or accent is split.</summary>
    private static string TruncateText(string text, int maxLength)
    {
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        var end = 0;
        while (enumerator.MoveNext() && enumerator.ElementIndex + ((string)enumerator.Current).Length <= maxLength)
        {
            end = enumerator.ElementIndex + ((string)enumerator.Current).Length;
        }

        return text[..end].TrimEnd('.', '-');
    }
}
