using System.Collections.Frozen;
using System.Globalization;
using CoP.Shared.Templates;
using Fluid.Values;

namespace CoP.Shared.Newsletter.Composition;

/// <summary>
/// What the newsletter templates read, formatted for one language: dates, document types and language names, excerpts
/// and the editorial note's paragraphs. Strict variables treat nil as undefined, so an absent value is an empty string.
/// </summary>
internal static class NewsletterViews
{
    /// <summary>Descriptions are cut to about this many characters; the linked page has the rest.</summary>
    public const int MaxExcerptLength = 300;

    private static readonly FrozenDictionary<string, LanguageFormat> Formats = new Dictionary<string, LanguageFormat>(StringComparer.Ordinal)
    {
        ["en"] = new(CultureInfo.GetCultureInfo("en-GB"), "d MMMM yyyy", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["report"] = "Report",
            ["case-study"] = "Case study",
            ["policy-brief"] = "Policy brief",
            ["presentation"] = "Presentation",
            ["dataset"] = "Dataset",
            ["other"] = "Document",
        }.ToFrozenDictionary()),
        ["fr"] = new(CultureInfo.GetCultureInfo("fr-FR"), "d MMMM yyyy", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["report"] = "Rapport",
            ["case-study"] = "Étude de cas",
            ["policy-brief"] = "Note d’orientation",
            ["presentation"] = "Présentation",
            ["dataset"] = "Jeu de données",
            ["other"] = "Document",
        }.ToFrozenDictionary()),
        ["es"] = new(CultureInfo.GetCultureInfo("es-ES"), "d 'de' MMMM 'de' yyyy", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["report"] = "Informe",
            ["case-study"] = "Estudio de caso",
            ["policy-brief"] = "Resumen de políticas",
            ["presentation"] = "Presentación",
            ["dataset"] = "Conjunto de datos",
            ["other"] = "Documento",
        }.ToFrozenDictionary()),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // A document's language by its ISO 639-1 code, named in that language ("Français", "Kiswahili").
    private static readonly FrozenDictionary<string, string> LanguageNames = CultureInfo.GetCultures(CultureTypes.NeutralCultures)
        .Where(culture => culture.Name.Length == 2 && !string.IsNullOrEmpty(culture.NativeName))
        .ToFrozenDictionary(culture => culture.Name, culture => culture.TextInfo.ToUpper(culture.NativeName[0]) + culture.NativeName[1..], StringComparer.OrdinalIgnoreCase);

    /// <summary>The formats of <paramref name="language"/> (one of <see cref="TemplateLanguages.All"/>).</summary>
    public static LanguageFormat Format(string language) => Formats[language];

    public static List<SectionView> Sections(NewsletterContent content, NewsletterAudience audience, LanguageFormat format) =>
        [.. NewsletterSections.Arrange(content, audience.MemberTopics).Select(section => new SectionView(
            section.Topic?.Name ?? "",
            section.Topic is null,
            [.. section.DocumentIndexes.Select(i => content.Documents[i]).Select(document => new DocumentView(
                document.Title,
                Excerpt(document.Description) ?? "",
                format.DocumentTypes.GetValueOrDefault(document.DocumentType, document.DocumentType),
                LanguageNames.GetValueOrDefault(document.Language, document.Language.ToUpperInvariant()),
                document.Year?.ToString(CultureInfo.InvariantCulture) ?? "",
                document.Url))]))];

    /// <summary>The open polls; each links to <paramref name="link"/>'s answer (the member's vote slot, or the public page).</summary>
    public static List<PollView> Polls(NewsletterContent content, LanguageFormat format, Func<NewsletterPoll, FluidValue> link) =>
        [.. content.OpenPolls.Select(poll => new PollView(
            poll.Question,
            Excerpt(poll.Description) ?? "",
            format.Date(poll.ClosesAt),
            poll.ClosesAt.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture),
            poll.OpenedInPeriod,
            link(poll)))];

    public static List<ResultView> Results(NewsletterContent content) =>
        [.. content.ClosedPolls.Select(result => new ResultView(
            result.Question, result.Ballots, result.Withheld, result.AdminsOnly, result.Options, result.Winner ?? "", result.Url))];

    public static string? NormalizeLineBreaks(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.ReplaceLineEndings("\n").Trim();

    /// <summary>Paragraphs (separated by blank lines) of lines, so that the HTML part keeps the author's line breaks without taking markup from them.</summary>
    public static List<List<string>> Paragraphs(string? text)
    {
        var paragraphs = new List<List<string>>();
        var current = new List<string>();
        foreach (var line in NormalizeLineBreaks(text)?.Split('\n') ?? [])
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (current.Count > 0)
                {
                    paragraphs.Add(current);
                    current = [];
                }
            }
            else
            {
                current.Add(line.Trim());
            }
        }

        if (current.Count > 0)
        {
            paragraphs.Add(current);
        }

        return paragraphs;
    }

    /// <summary>The text on one line, cut at a word boundary after at most <see cref="MaxExcerptLength"/> characters.</summary>
    public static string? Excerpt(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var flat = TemplateWhitespace.OneLine(text);
        if (flat.Length <= MaxExcerptLength)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', MaxExcerptLength);
        if (cut < MaxExcerptLength / 2)
        {
            cut = char.IsHighSurrogate(flat[MaxExcerptLength - 1]) ? MaxExcerptLength - 1 : MaxExcerptLength;
        }

        return flat[..cut].TrimEnd() + "…";
    }

    internal sealed record LanguageFormat(CultureInfo Culture, string DatePattern, FrozenDictionary<string, string> DocumentTypes)
    {
        // Dates are UTC days, as the schedule is UTC.
        public string Date(DateTimeOffset moment) => moment.UtcDateTime.ToString(DatePattern, Culture);
    }

    internal sealed record SectionView(string Name, bool IsOther, IReadOnlyList<DocumentView> Documents);

    internal sealed record DocumentView(string Title, string Description, string Type, string LanguageName, string Year, string Url);

    // Link: the member's vote slot, or the poll's public page.
    internal sealed record PollView(string Question, string Description, string ClosesOn, string ClosesAt, bool IsNew, FluidValue Link);

    internal sealed record ResultView(
        string Question, int Ballots, bool Withheld, bool AdminsOnly, IReadOnlyList<NewsletterOptionResult> Options, string Winner, string Url);
}
