using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Documents;

/// <summary>
/// The catalog and document pages a browser gets (<c>GET /api/documents</c>, <c>GET /api/documents/{documentId}</c>):
/// the same data as the JSON answers, with the filter form reading and writing the same query parameters.
/// </summary>
public static class DocumentPages
{
    private const string Catalog = $"{PageLinks.Base}/documents";

    private static readonly string[] FilterFields = ["q", "topic", "type", "country", "language"];

    private static readonly Dictionary<string, (CultureInfo Culture, string Pattern)> DateFormats = new(StringComparer.Ordinal)
    {
        ["en"] = (CultureInfo.InvariantCulture, "d MMMM yyyy"),
        ["fr"] = (CultureInfo.GetCultureInfo("fr-FR"), "d MMMM yyyy"),
        ["es"] = (CultureInfo.GetCultureInfo("es-ES"), "d 'de' MMMM 'de' yyyy"),
    };

    // The document types' names as the pages show them.
    private static readonly Dictionary<string, string[]> TypeNames = new(StringComparer.Ordinal)
    {
        ["en"] = ["Report", "Case study", "Policy brief", "Presentation", "Dataset", "Other"],
        ["fr"] = ["Rapport", "Étude de cas", "Note d’orientation", "Présentation", "Jeu de données", "Autre"],
        ["es"] = ["Informe", "Estudio de caso", "Nota de política", "Presentación", "Conjunto de datos", "Otro"],
    };

    /// <summary>One page of the catalog, with the filters that chose it and the link to the next page.</summary>
    public static IResult List(
        HttpRequest request, IReadOnlyList<Topic> topics, IReadOnlyList<PublishedDocument> documents, string? nextToken) =>
        HtmlPages.Page(StatusCodes.Status200OK, "documents", language => View(request, topics, language, documents, nextToken, new Dictionary<string, string[]>()));

    /// <summary>The catalog's filter form again, with the values that were refused marked (400), and no documents.</summary>
    public static IResult Refused(HttpRequest request, IReadOnlyList<Topic> topics, IReadOnlyDictionary<string, string[]> errors) =>
        HtmlPages.Page(StatusCodes.Status400BadRequest, "documents", language => View(request, topics, language, [], null, errors));

    /// <summary>A published document's page: its metadata and the download button.</summary>
    public static IResult Show(PublishedDocument document, IReadOnlyList<Topic> topics) =>
        HtmlPages.Page(StatusCodes.Status200OK, "document", language => new
        {
            Document = Item(document, Names(topics), language),
            Paragraphs = (document.Description ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ProjectName = document.ProjectName ?? "",
            Licence = document.Licence ?? "",
            Year = document.Year?.ToString(CultureInfo.InvariantCulture) ?? "",
            document.FileName,
            Size = Size(document.Bytes, language),
            Download = $"{Catalog}/{Uri.EscapeDataString(document.DocumentId)}/content",
        });

    /// <summary>The page for an id that names no published document.</summary>
    public static IResult NotFound() => HtmlPages.Page(StatusCodes.Status404NotFound, "no-such-document");

    /// <summary>A size in words: "482 KB", "3.4 MB".</summary>
    public static string Size(long bytes, string language)
    {
        var culture = DateFormats.GetValueOrDefault(language, DateFormats["en"]).Culture;
        return bytes switch
        {
            < 1000 => string.Format(culture, "{0} B", bytes),
            < 1_000_000 => string.Format(culture, "{0:0} KB", bytes / 1000.0),
            < 1_000_000_000 => string.Format(culture, "{0:0.#} MB", bytes / 1_000_000.0),
            _ => string.Format(culture, "{0:0.#} GB", bytes / 1_000_000_000.0),
        };
    }

    /// <summary>Two-letter language codes offered in the selects, besides whatever a request already names.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["ar", "de", "en", "es", "fr", "it", "pt", "ru", "sw", "zh"];

    private static object View(
        HttpRequest request, IReadOnlyList<Topic> topics, string language, IReadOnlyList<PublishedDocument> documents, string? nextToken,
        IReadOnlyDictionary<string, string[]> errors)
    {
        var chosen = FilterFields.ToDictionary(field => field, field => request.Query[field] is { Count: 1 } values ? values[0]?.Trim() ?? "" : "", StringComparer.Ordinal);
        var filters = FilterFields.Where(field => chosen[field].Length > 0).Select(field => new KeyValuePair<string, string?>(field, chosen[field])).ToList();
        var names = Names(topics);
        return new
        {
            Topics = topics.Select(t => new Choice(t.Slug, t.Name, t.Slug == chosen["topic"])).ToList(),
            Types = Types(language, chosen["type"]),
            Countries = CountryChoices(chosen["country"].ToUpperInvariant()),
            Languages = Choices(Languages, chosen["language"].ToLowerInvariant()),
            Chosen = new Filters(chosen["q"], chosen["topic"], chosen["type"], chosen["country"], chosen["language"]),
            Errors = new FilterErrors(errors.ContainsKey("q"), errors.ContainsKey("topic"), errors.ContainsKey("type"), errors.ContainsKey("country"), errors.ContainsKey("language")),
            PagingRefused = errors.ContainsKey("pageSize") || errors.ContainsKey("continuationToken"),
            HasErrors = errors.Count > 0,
            Documents = documents.Select(d => Item(d, names, language)).ToList(),
            IsFirstPage = !request.Query.ContainsKey("continuationToken"),
            Next = nextToken is null ? "" : Catalog + QueryString.Create([.. filters, new("continuationToken", nextToken)]),
            First = Catalog + QueryString.Create(filters),
            Upload = $"{Catalog}/uploads",
        };
    }

    /// <summary>The document types for a select, in <paramref name="language"/>.</summary>
    public static IReadOnlyList<object> Types(string language, string chosen = "") =>
        [.. DocumentRules.DocumentTypes.Select(type => new Choice(type, TypeName(type, language), type == chosen))];

    private static string TypeName(string type, string language)
    {
        var index = DocumentRules.DocumentTypes.ToList().IndexOf(type);
        return index < 0 ? type : TypeNames[language][index];
    }

    // A value that is not among the offered ones stays selectable, so the form shows what was asked for.
    // The countries by name; a code that is not one stays shown as it was asked for (encoded by the template).
    private static List<Choice> CountryChoices(string chosen) =>
        [.. Countries.Named.Select(c => new Choice(c.Code, c.Name, c.Code == chosen)),
            .. chosen.Length > 0 && Countries.Normalize(chosen) is null ? [new Choice(chosen, chosen, true)] : Array.Empty<Choice>()];

    private static List<Choice> Choices(IEnumerable<string> offered, string chosen) =>
        [.. offered.Append(chosen).Where(value => value.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(value => new Choice(value, value, value == chosen))];

    private static Dictionary<string, string> Names(IReadOnlyList<Topic> topics) => topics.ToDictionary(t => t.Slug, t => t.Name, StringComparer.Ordinal);

    private static DocumentItem Item(PublishedDocument document, Dictionary<string, string> topicNames, string language)
    {
        var (culture, pattern) = DateFormats[language];
        return new DocumentItem(
            document.Title,
            $"{Catalog}/{Uri.EscapeDataString(document.DocumentId)}",
            TypeName(document.DocumentType, language),
            [.. document.Topics.Select(slug => topicNames.GetValueOrDefault(slug, slug))],
            document.Country ?? "",
            document.Language,
            document.PublishedAt.ToUniversalTime().ToString(pattern, culture));
    }

    private sealed record Filters(string Q, string Topic, string Type, string Country, string Language);

    private sealed record FilterErrors(bool Q, bool Topic, bool Type, bool Country, bool Language);

    private sealed record Choice(string Value, string Label, bool Selected);

    private sealed record DocumentItem(string Title, string Url, string Type, string[] Topics, string Country, string Language, string Date);
}
