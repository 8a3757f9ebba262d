using System.Text;

namespace CoP.Shared.Templates;

/// <summary>
/// What the template layer does with the whitespace that Liquid tags leave behind, so that templates can lay out
/// their loops and conditions freely and every medium comes out tidy the same way.
/// </summary>
public static class TemplateWhitespace
{
    /// <summary>All whitespace collapsed to single spaces, trimmed: for subjects, titles and excerpts.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Trailing spaces removed, leading blank lines dropped and runs of blank lines collapsed to one; ends with one line break.</summary>
    public static string Tidy(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tidy = new StringBuilder(text.Length);
        var blankLine = false;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                blankLine = tidy.Length > 0;
                continue;
            }

            if (blankLine)
            {
                tidy.Append('\n');
                blankLine = false;
            }

            tidy.Append(line).Append('\n');
        }

        return tidy.ToString();
    }

    /// <summary>The blank lines removed: they mean nothing in HTML but weigh on large mails.</summary>
    public static string WithoutBlankLines(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return string.Join('\n', html.ReplaceLineEndings("\n").Split('\n').Where(line => !string.IsNullOrWhiteSpace(line)));
    }
}
