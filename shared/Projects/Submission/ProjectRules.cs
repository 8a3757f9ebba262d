using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CoP.Shared.Documents;
using CoP.Shared.Templates;
using CoP.Shared.Validation;

namespace CoP.Shared.Projects.Submission;

/// <summary>
/// What a project's definition may be, read from its JSON: only known fields, each of its type; free text through the
/// one text policy (<see cref="PlainText"/>); codes from fixed lists (IATI status, ISO 3166-1 countries, the practices,
/// standards and methodologies); places as checked GeoJSON (<see cref="ProjectGeoJson"/>); topics and documents that
/// exist. Every list and text is bounded so that a row stays far below Table Storage's limits (and a last check measures
/// the row itself). Forms map their fields to the same JSON, so there is one set of checks.
/// </summary>
public static partial class ProjectRules
{
    public const int MaxTitleLength = 150;
    public const int MaxSummaryLength = 2000;
    public const int MaxTopics = 5;
    public const int MaxCountries = 10;
    public const int MaxAdministrativeAreaLength = 150;
    public const int MaxIdentifierLength = 150;
    public const int MaxPractices = 10;
    public const int MaxDocuments = 20;
    public const double MaxAreaHectares = 10_000_000;

    /// <summary>The longest JSON a column of the row may hold, in UTF-16 characters (as the events' rule: far under the 64 KiB of a property).</summary>
    public const int MaxStoredLength = 30_000;

    public static readonly DateOnly EarliestDate = new(1950, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    private static readonly HashSet<string> Fields = new(
    [
        "texts", "topics", "status", "iatiIdentifier", "plannedStart", "plannedEnd", "actualStart", "actualEnd", "countries", "administrativeArea",
        "location", "exactness", "publicPrecision", "boundary", "areaHectares", "landUse", "practices", "carbon", "organisations", "rioMarkers", "documentIds",
    ], StringComparer.Ordinal);

    private static readonly HashSet<string> TextFields = new(["title", "summary"], StringComparer.Ordinal);

    /// <summary>
    /// Reads and checks a definition's JSON against <paramref name="references"/> (topics and documents it may name) on
    /// <paramref name="today"/> (actual dates are not in the future): the definition, or the errors by field.
    /// </summary>
    public static Validated<ProjectDefinition> Parse(JsonElement json, ProjectReferences references, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(references);
        var errors = new FieldErrors();
        if (JsonFields.Open(json, "", Fields, errors, "a JSON object with the project's fields") is not { } fields)
        {
            return errors.Result<ProjectDefinition>(() => throw new UnreachableException());
        }

        var texts = Texts(fields, errors);
        var topics = Codes(fields, "topics", MaxTopics, "topics", required: true, t => references.Topics.Contains(t),
            "Every topic is the slug of an active topic (GET /api/topics).");
        var status = fields.Name<ProjectStatus>("status");
        errors.AddIf("status", status is null && !fields.Has("status") ? $"The status is one of: {string.Join(", ", ProjectNames.All<ProjectStatus>())}." : null);
        var iatiIdentifier = Identifier(fields, "iatiIdentifier", MaxIdentifierLength);
        var (plannedStart, plannedEnd, actualStart, actualEnd) = Dates(fields, today);
        var countries = Codes(fields, "countries", MaxCountries, "country codes", required: true, CountryCodes.All.Contains,
            "Every country is an ISO 3166-1 alpha-2 code in capitals, such as KE or FR.");
        var area = errors.Text(fields.String("administrativeArea"), new TextField("administrativeArea", MaxAdministrativeAreaLength, Label: "administrative area"));
        var location = Location(fields);
        var boundary = fields.Value("boundary") is { } b ? ProjectGeoJson.ReadBoundary(b, "boundary", location?.Point, errors) : null;
        var areaHectares = fields.Number("areaHectares");
        errors.AddIf("areaHectares", areaHectares is not (null or (> 0 and <= MaxAreaHectares)) ? $"The area is more than 0 and at most {MaxAreaHectares:N0} hectares." : null);
        var landUse = fields.Name<LandUse>("landUse");
        var practices = Practices(fields);
        var carbon = Carbon(fields);
        var organisations = Organisations(fields);
        var markers = Markers(fields);
        var documents = Codes(fields, "documentIds", MaxDocuments, "document ids", required: false,
            id => DocumentStore.IsValidDocumentId(id) && references.Documents.Contains(id), "Every document is a published document of the catalog.");
        if (errors.Any)
        {
            return errors.Result<ProjectDefinition>(() => throw new UnreachableException());
        }

        var definition = new ProjectDefinition(
            Found(texts), Found(topics), Found(status), iatiIdentifier, plannedStart, plannedEnd, actualStart, actualEnd, Found(countries), area,
            Found(location), boundary, areaHectares, landUse, Found(practices), Found(carbon), Found(organisations), Found(markers), documents ?? []);
        CheckStoredSize(definition, errors);
        return errors.Result(() => definition);
    }

    /// <summary>A required part that passed every rule: a rule that let it be missing is a bug.</summary>
    private static T Found<T>(T? value)
        where T : class => value ?? throw new UnreachableException("A rule let a required part through without an error.");

    private static T Found<T>(T? value)
        where T : struct => value ?? throw new UnreachableException("A rule let a required part through without an error.");

    private static Dictionary<string, ProjectText>? Texts(JsonFields fields, FieldErrors errors)
    {
        const string required = "At least one language's title is required: texts.en.title, texts.fr.title or texts.es.title.";
        var languages = new HashSet<string>(TemplateLanguages.All, StringComparer.Ordinal);
        if (fields.Value("texts") is not { } json)
        {
            errors.Add("texts", required);
            return null;
        }

        if (JsonFields.Open(json, "texts", languages, errors, $"an object of texts by language ({string.Join(", ", TemplateLanguages.All)})") is not { } byLanguage)
        {
            return null;
        }

        var texts = new Dictionary<string, ProjectText>(StringComparer.Ordinal);
        foreach (var language in TemplateLanguages.All)
        {
            var path = $"texts.{language}";
            if (byLanguage.Value(language) is not { } text || JsonFields.Open(text, path, TextFields, errors, "an object with a title and a summary") is not { } parts)
            {
                continue;
            }

            var title = errors.Text(parts.String("title"), new TextField(path + ".title", MaxTitleLength, Required: true, Label: "title"));
            var summary = errors.Text(parts.String("summary"), new TextField(path + ".summary", MaxSummaryLength, Multiline: true, Label: "summary"));
            if (title is not null)
            {
                texts[language] = new ProjectText(title, summary);
            }
        }

        errors.AddIf("texts", texts.Count == 0 ? required : null);
        return texts;
    }

    /// <summary>A list of distinct codes, each accepted by <paramref name="known"/>.</summary>
    private static List<string>? Codes(JsonFields fields, string name, int max, string what, bool required, Func<string, bool> known, string unknown)
    {
        var values = fields.Strings(name, max, what);
        if (values is null)
        {
            fields.Errors.AddIf(name, required && !fields.Has(name) ? $"Give 1 to {max} {what}." : null);
            return null;
        }

        if (required && values.Count == 0)
        {
            fields.Errors.Add(name, $"Give 1 to {max} {what}.");
            return null;
        }

        if (!values.All(known))
        {
            fields.Errors.Add(name, unknown);
            return null;
        }

        return [.. values.Distinct(StringComparer.Ordinal)];
    }

    private static List<Practice>? Practices(JsonFields fields)
    {
        var names = Codes(fields, "practices", MaxPractices, "practices", required: true, n => ProjectNames.TryParse<Practice>(n, out _),
            $"Every practice is one of: {string.Join(", ", ProjectNames.All<Practice>())}.");
        return names is null ? null : [.. names.Select(n => ProjectNames.TryParse(n, out Practice p) ? p : throw new UnreachableException())];
    }

    /// <summary>An identifier (IATI activity or organisation, a registry's): letters, digits and <c>-._:/</c>, no spaces.</summary>
    private static string? Identifier(JsonFields fields, string name, int maxLength)
    {
        var value = fields.String(name);
        var valid = value is null || (value.Length is > 0 && value.Length <= maxLength && char.IsAsciiLetterOrDigit(value[0])
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':' or '/'));
        fields.Errors.AddIf(fields.PathOf(name), valid ? null : $"An identifier is at most {maxLength} letters, digits and - . _ : / (starting with a letter or digit).");
        return valid ? value : null;
    }

    private static (DateOnly? PlannedStart, DateOnly? PlannedEnd, DateOnly? ActualStart, DateOnly? ActualEnd) Dates(JsonFields fields, DateOnly today)
    {
        var (plannedStart, plannedEnd) = (fields.Date("plannedStart"), fields.Date("plannedEnd"));
        var (actualStart, actualEnd) = (fields.Date("actualStart"), fields.Date("actualEnd"));
        fields.Errors.AddIf("plannedEnd", plannedEnd < plannedStart ? "The planned end is on or after the planned start." : null);
        fields.Errors.AddIf("actualStart", actualStart > today ? "The actual start is today or before; a start to come is planned." : null);
        fields.Errors.AddIf("actualEnd", actualEnd > today ? "The actual end is today or before; an end to come is planned." : null);
        fields.Errors.AddIf("actualEnd", actualEnd < actualStart ? "The actual end is on or after the actual start." : null);
        return (plannedStart, plannedEnd, actualStart, actualEnd);
    }

    private static ProjectLocation? Location(JsonFields fields)
    {
        var point = fields.Value("location") is { } json ? ProjectGeoJson.ReadPoint(json, "location", fields.Errors) : null;
        fields.Errors.AddIf("location", point is null && !fields.Has("location") ? "The location is required: a GeoJSON Point {\"type\":\"Point\",\"coordinates\":[longitude, latitude]}." : null);
        var exactness = fields.Name<LocationExactness>("exactness") ?? LocationExactness.Approximate;
        var precision = fields.Number("publicPrecision") ?? ProjectCoordinates.DefaultPrecision;
        if (!ProjectCoordinates.Precisions.Contains(precision))
        {
            fields.Errors.Add("publicPrecision", $"The public precision is one of: {string.Join(", ", ProjectCoordinates.Precisions.Select(p => p.ToString(CultureInfo.InvariantCulture)))} (degrees).");
        }

        return point is null ? null : new ProjectLocation(point, exactness, precision);
    }

    /// <summary>Each JSON column of the row must fit, whatever the escaping of the characters in it made of the text.</summary>
    private static void CheckStoredSize(ProjectDefinition definition, FieldErrors errors)
    {
        var row = ProjectEntity.From(definition.NewProject(ProjectStore.NewProjectId(), null, null, DateTimeOffset.UnixEpoch));
        var columns = new (string Field, string Json)[] { ("texts", row.Texts), ("organisations", row.Organisations), ("carbon", row.Carbon) };
        foreach (var (field, json) in columns)
        {
            errors.AddIf(field, json.Length > MaxStoredLength ? "This part of the project is too long to be stored; shorten it." : null);
        }
    }
}
