using CoP.Functions.Http;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Catalog;
using CoP.Shared.Projects.Map;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CoP.Functions.Projects.Pages;

/// <summary>
/// The map page a browser gets (<c>GET /api/projects</c>, <c>projects.&lt;language&gt;.html.liquid</c>): the filter
/// form (the query parameters of the JSON list), the list of the matching projects, which is the page's content
/// without script and for screen readers, and the map beside it, whose script (<c>projects.js</c>) draws the markers
/// of <c>map.geojson</c> under the same filters.
/// </summary>
public static class ProjectListPage
{
    /// <summary>The filters the form sends, which the map's GeoJSON and the next page's link keep.</summary>
    private static readonly string[] FilterFields = ["topic", "country", "status", "practice", "standard", "q", "bbox"];

    /// <summary>The projects chosen by the filters, with the map.</summary>
    public static IResult List(HttpRequest request, IReadOnlyList<Topic> topics, ProjectPage page, ProjectMapOptions map) =>
        HtmlPages.Page(
            StatusCodes.Status200OK,
            "projects",
            language => View(request, topics, language, page, ProjectMap.Tiles(map), new Dictionary<string, string[]>()),
            memberLanguage: null,
            ProjectMap.Setup(map, wide: true));

    /// <summary>The filter form again with the refused values marked (400): no list and no map.</summary>
    public static IResult Refused(HttpRequest request, IReadOnlyList<Topic> topics, IReadOnlyDictionary<string, string[]> errors) =>
        HtmlPages.Page(
            StatusCodes.Status400BadRequest,
            "projects",
            language => View(request, topics, language, null, null, errors),
            memberLanguage: null,
            new PageSetup { Wide = true, RunsScript = false });

    private static object View(
        HttpRequest request, IReadOnlyList<Topic> topics, string language, ProjectPage? page, MapTiles? tiles, IReadOnlyDictionary<string, string[]> errors)
    {
        var chosen = FilterFields.ToDictionary(field => field, field => request.Query[field] is { Count: 1 } values ? values[0]?.Trim() ?? "" : "", StringComparer.Ordinal);
        var filters = QueryString.Create(chosen.Where(pair => pair.Value.Length > 0).Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value)));
        var names = topics.ToDictionary(t => t.Slug, t => t.Name, StringComparer.Ordinal);
        return new
        {
            Topics = topics.Select(t => new Choice(t.Slug, t.Name, t.Slug == chosen["topic"])).ToList(),
            Statuses = Choices<ProjectStatus>(language, chosen["status"]),
            Practices = Choices<Practice>(language, chosen["practice"]),
            Standards = Choices<CarbonStandard>(language, chosen["standard"]),
            Chosen = new Filters(chosen["topic"], chosen["country"], chosen["q"], chosen["bbox"]),
            Errors = new FilterErrors(
                errors.ContainsKey("topic"), errors.ContainsKey("country"), errors.ContainsKey("status"), errors.ContainsKey("practice"),
                errors.ContainsKey("standard"), errors.ContainsKey("q"), errors.ContainsKey("bbox"), errors.ContainsKey("cursor") || errors.ContainsKey("limit")),
            HasErrors = errors.Count > 0,
            Filtered = filters.HasValue,
            Projects = page?.Items.Select(p => Card(p, names, language)).ToList() ?? [],
            Total = page?.Total ?? 0,
            Next = page?.NextCursor is { } next ? $"{PageLinks.Base}/projects{NextQuery(request, next)}" : "",
            GeoJson = $"{PageLinks.Base}/projects/map.geojson{filters}",
            Tiles = tiles,
        };
    }

    /// <summary>A project's row in the list: what a reader needs to choose it.</summary>
    private static ProjectCard Card(PublicProject p, IReadOnlyDictionary<string, string> topicNames, string language) => new(
        p.ProjectId,
        ProjectPagePaths.Page(p.ProjectId),
        p.Title,
        p.Summary ?? "",
        ProjectLabels.Of<ProjectStatus>(p.Status, language),
        string.Join(", ", new[] { p.AdministrativeArea }.OfType<string>().Concat(p.Countries)),
        [.. p.Practices.Select(name => ProjectLabels.Of<Practice>(name, language))],
        p.Carbon.Standard == ProjectNames.Of(CarbonStandard.None) ? "" : ProjectLabels.Of<CarbonStandard>(p.Carbon.Standard, language) + (p.Carbon.Methodology is { } m ? $" {m}" : ""),
        [.. p.Topics.Select(slug => topicNames.GetValueOrDefault(slug, slug))],
        p.NeedsContact);

    private static List<Choice> Choices<T>(string language, string chosen)
        where T : struct, Enum => [.. ProjectLabels.Choices<T>(language).Select(c => new Choice(c.Value, c.Label, c.Value == chosen))];

    // The same filters (and limit), from the next page's cursor on.
    private static QueryString NextQuery(HttpRequest request, string cursor) =>
        QueryString.Create(request.Query
            .Where(pair => pair.Key is not ("cursor" or PageLinks.LanguageParameter) && !PageLinks.Secrets.Contains(pair.Key))
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, new StringValues(value))))
            .Append(KeyValuePair.Create("cursor", new StringValues(cursor))));

    private sealed record Filters(string Topic, string Country, string Q, string Bbox);

    private sealed record FilterErrors(bool Topic, bool Country, bool Status, bool Practice, bool Standard, bool Q, bool Bbox, bool Paging);

    private sealed record Choice(string Value, string Label, bool Selected);

    private sealed record ProjectCard(
        string ProjectId, string Url, string Title, string Summary, string Status, string Places, string[] Practices, string Standard, string[] Topics, bool NeedsContact);
}

/// <summary>The app's own paths of the project pages and their forms, as links on its pages write them.</summary>
public static class ProjectPagePaths
{
    public static string Map() => $"{PageLinks.Base}/projects";

    public static string Page(string projectId) => $"{PageLinks.Base}/projects/{projectId}";

    public static string Edit(string projectId) => $"{PageLinks.Base}/projects/{projectId}/edit";

    public static string NewUpdate(string projectId) => $"{PageLinks.Base}/projects/{projectId}/updates/new";

    public static string Confirm(string projectId) => $"{PageLinks.Base}/projects/{projectId}/confirm";
}
