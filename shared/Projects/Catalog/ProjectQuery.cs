using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.Extensions.Primitives;

namespace CoP.Shared.Projects.Catalog;

/// <summary>
/// What a caller asks of the public catalog (the list, the map's GeoJSON and the CSV export): projects on a topic, in a
/// country, with a status, practice or carbon standard, inside a box, with words (<see cref="Words"/>) in their texts;
/// and, for the list only, where to go on (<see cref="Cursor"/>) and how many (<see cref="Limit"/>). Every filter given
/// must hold.
/// </summary>
public sealed record ProjectQuery(
    string? Topic,
    string? Country,
    ProjectStatus? Status,
    Practice? Practice,
    CarbonStandard? Standard,
    ProjectBox? Box,
    IReadOnlyList<string> Words,
    ProjectCursor? Cursor,
    int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The longest <c>q</c>, and the most words in it.</summary>
    public const int MaxSearchLength = 200;
    public const int MaxWords = 10;

    /// <summary>Everything, first page.</summary>
    public static readonly ProjectQuery All = new(null, null, null, null, null, null, [], null, DefaultLimit);

    private static readonly TextField SearchField = new("q", MaxSearchLength, Label: "search");

    /// <summary>Whether no filter is set (cursor and limit aside): the whole map, whose GeoJSON is cached.</summary>
    public bool IsUnfiltered =>
        Topic is null && Country is null && Status is null && Practice is null && Standard is null && Box is null && Words.Count == 0;

    /// <summary>
    /// Reads the query string (an ASP.NET Core <c>IQueryCollection</c> fits): <c>topic</c>, <c>country</c>,
    /// <c>status</c>, <c>practice</c>, <c>standard</c>, <c>bbox</c>, <c>q</c>, <c>cursor</c>, <c>limit</c>, each at
    /// most once; other parameters (such as <c>lang</c>) are left to the caller.
    /// </summary>
    public static Validated<ProjectQuery> Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Query keys are case-insensitive, as ASP.NET Core reads them.
        var values = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in query)
        {
            values[key] = values.TryGetValue(key, out var earlier) ? StringValues.Concat(earlier, value) : value;
        }

        var errors = new FieldErrors();
        string? One(string name)
        {
            if (!values.TryGetValue(name, out var given) || given.Count == 0)
            {
                return null;
            }

            if (given.Count > 1)
            {
                errors.Add(name, "Give this parameter once.");
                return null;
            }

            return string.IsNullOrWhiteSpace(given[0]) ? null : given[0]!.Trim();
        }

        var topic = One("topic");
        if (topic is not null && !TopicRules.IsValidSlug(topic))
        {
            errors.Add("topic", "A topic slug is lowercase words joined by hyphens.");
        }

        var country = One("country");
        if (country is not null && !(country.Length == 2 && country.All(char.IsAsciiLetter)))
        {
            errors.Add("country", "Use a two-letter ISO 3166-1 country code, such as KE.");
        }

        var status = Named<ProjectStatus>(One("status"), "status", errors);
        var practice = Named<Practice>(One("practice"), "practice", errors);
        var standard = Named<CarbonStandard>(One("standard"), "standard", errors);
        var box = One("bbox") is { } bbox ? ProjectBox.Parse(bbox, errors) : null;
        var search = errors.Text(One("q"), SearchField);
        var words = search is null ? [] : ProjectSearch.Words(search);
        if (words.Count > MaxWords)
        {
            errors.Add("q", $"Search with at most {MaxWords} words.");
        }

        var cursor = One("cursor") is { } encoded ? ProjectCursor.Parse(encoded, errors) : null;
        var limit = DefaultLimit;
        if (One("limit") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            errors.Add("limit", $"Use a whole number from 1 to {MaxLimit}.");
        }

        return errors.Result(() => new ProjectQuery(topic, country?.ToUpperInvariant(), status, practice, standard, box, words, cursor, limit));
    }

    /// <summary>Whether <paramref name="entry"/> passes every filter (not the cursor).</summary>
    public bool Matches(ProjectCatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var p = entry.Project;
        return (Topic is null || p.Topics.Contains(Topic, StringComparer.Ordinal))
            && (Country is null || p.Countries.Contains(Country, StringComparer.Ordinal))
            && (Status is null || p.Status == Status)
            && (Practice is null || p.Practices.Contains(Practice.Value))
            && (Standard is null || p.Carbon.Standard == Standard)
            && (Box is null || Box.Contains(p.PublicPoint))
            && Words.All(word => entry.SearchText.Contains(word, StringComparison.Ordinal));
    }

    private static T? Named<T>(string? name, string field, FieldErrors errors)
        where T : struct, Enum
    {
        if (name is null)
        {
            return null;
        }

        if (ProjectNames.TryParse(name, out T value))
        {
            return value;
        }

        errors.Add(field, $"Use one of: {string.Join(", ", ProjectNames.All<T>())}.");
        return null;
    }
}

/// <summary>
/// A bounding box in degrees (WGS 84): <c>west,south,east,north</c>. A <see cref="West"/> greater than <see
/// cref="East"/> is a box across the antimeridian (170,-20,-170,0 holds Fiji and Samoa).
/// </summary>
public sealed record ProjectBox(double West, double South, double East, double North)
{
    public bool CrossesAntimeridian => West > East;

    /// <summary>Whether the box holds <paramref name="point"/> (edges included).</summary>
    public bool Contains(CoP.Shared.Events.GeoPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var inLongitude = CrossesAntimeridian
            ? point.Longitude >= West || point.Longitude <= East
            : point.Longitude >= West && point.Longitude <= East;
        return inLongitude && point.Latitude >= South && point.Latitude <= North;
    }

    internal static ProjectBox? Parse(string text, FieldErrors errors)
    {
        const string Message = "Use west,south,east,north in degrees, such as 33.9,-4.7,41.9,5.0 (west above east crosses the antimeridian).";
        var parts = text.Split(',');
        var numbers = new double[4];
        if (parts.Length != 4 || text.Length > 100
            || !parts.Select((part, i) => double.TryParse(part.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok))
        {
            errors.Add("bbox", Message);
            return null;
        }

        var (west, south, east, north) = (numbers[0], numbers[1], numbers[2], numbers[3]);
        if (west is < -180 or > 180 || east is < -180 or > 180 || south is < -90 or > 90 || north is < -90 or > 90)
        {
            errors.Add("bbox", "Longitudes go from -180 to 180 and latitudes from -90 to 90.");
            return null;
        }

        if (south > north)
        {
            errors.Add("bbox", "The south edge must not be north of the north edge.");
            return null;
        }

        return new ProjectBox(west, south, east, north);
    }
}

/// <summary>
/// Where the next page of the list starts: just after the project with this creation time and id (the list's order,
/// newest first). Clients get it as <c>nextCursor</c> and pass it back unchanged; a project added meanwhile does not
/// shift the pages.
/// </summary>
public sealed record ProjectCursor(long CreatedTicks, string ProjectId)
{
    private const string Message = "Pass the nextCursor of the previous page unchanged.";

    public static ProjectCursor After(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return new ProjectCursor(project.CreatedAt.UtcTicks, project.ProjectId);
    }

    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedTicks:D19}.{ProjectId}")));

    /// <summary>Whether <paramref name="project"/> comes after this cursor in the list's order.</summary>
    public bool Precedes(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var ticks = project.CreatedAt.UtcTicks;
        return ticks < CreatedTicks || (ticks == CreatedTicks && string.CompareOrdinal(project.ProjectId, ProjectId) < 0);
    }

    internal static ProjectCursor? Parse(string encoded, FieldErrors errors)
    {
        if (encoded.Length <= 100 && Base64Url.IsValid(encoded)
            && Encoding.ASCII.GetString(Base64Url.DecodeFromChars(encoded)) is { Length: 52 } text
            && text[19] == '.'
            && long.TryParse(text.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ProjectStore.IsValidProjectId(text[20..]))
        {
            return new ProjectCursor(ticks, text[20..]);
        }

        errors.Add("cursor", Message);
        return null;
    }
}
