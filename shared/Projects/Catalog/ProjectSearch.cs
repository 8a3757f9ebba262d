using System.Globalization;
using System.Text;

namespace CoP.Shared.Projects.Catalog;

/// <summary>
/// The catalog's word search: a project's titles and summaries in every language, its administrative area and its
/// country codes, folded (lowercase, accents taken off, punctuation as spaces) so that "reunion" finds "Réunion" and
/// "KISUMU" finds "Kisumu". A query's words must each appear somewhere in that text.
/// </summary>
public static class ProjectSearch
{
    /// <summary>The folded text a project is searched in.</summary>
    public static string TextOf(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var parts = project.Texts.Values.SelectMany(t => new[] { t.Title, t.Summary })
            .Append(project.AdministrativeArea)
            .Concat(project.Countries);
        return " " + Fold(string.Join(' ', parts.Where(part => part is not null))) + " ";
    }

    /// <summary>The folded words of a query.</summary>
    public static IReadOnlyList<string> Words(string query) =>
        Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Lowercase, without diacritics, letters and digits kept and everything else one space.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var rune in text.Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (Rune.IsLetterOrDigit(rune))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                space = false;
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else
            {
                space = true;
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
