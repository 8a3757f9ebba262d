using System.Globalization;
using CoP.Functions.Events.Pages;
using CoP.Functions.Http;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Catalog;
using CoP.Shared.Projects.Map;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Projects.Pages;

/// <summary>
/// The project page (<c>project.&lt;language&gt;.html.liquid</c>): the project in the reader's language, its map (the
/// public, rounded point and boundary box; the exact ones for its owner), what it does and with whom, its carbon
/// data, and the timeline of its progress notes. Its owner also sees where the review stands, with the operators'
/// note, and the forms to add a note, confirm the record is current and edit it.
/// </summary>
public static class ProjectDetailsPage
{
    private static readonly string[] Languages = [.. TemplateLanguages.All];

    /// <summary>The page of <paramref name="project"/> for <paramref name="owner"/> (null: anyone else).</summary>
    public static IResult Show(
        Project project,
        Func<string, PublicProject> view,
        IReadOnlyList<ProjectUpdateResponse> notes,
        IReadOnlyDictionary<string, string> documentTitles,
        IReadOnlyList<Topic> topics,
        ProjectOwner? owner,
        ProjectMapOptions map,
        string? memberLanguage) =>
        HtmlPages.Page(
            StatusCodes.Status200OK,
            "project",
            language => View(project, view(language), notes, documentTitles, topics, owner, ProjectMap.Tiles(map), language),
            memberLanguage,
            ProjectMap.Setup(map, wide: false));

    /// <summary>The page for an id that names no project the reader may see.</summary>
    public static IResult NotFound() => HtmlPages.Page(StatusCodes.Status404NotFound, "no-such-project");

    private static object View(
        Project project, PublicProject p, IReadOnlyList<ProjectUpdateResponse> notes, IReadOnlyDictionary<string, string> documentTitles,
        IReadOnlyList<Topic> topics, ProjectOwner? owner, MapTiles tiles, string language)
    {
        var names = topics.ToDictionary(t => t.Slug, t => t.Name, StringComparer.Ordinal);
        // The owner sees the exact point and box; everyone else the public ones, rounded (outwards, for the box).
        var point = owner is null ? project.PublicPoint : project.Location.Point;
        var box = owner is null
            ? p.BoundaryBox is { } b ? Numbers(b.West, b.South, b.East, b.North) : ""
            : project.Boundary is { } exact ? Numbers(exact.West, exact.South, exact.East, exact.North) : "";
        var carbon = p.Carbon;
        return new
        {
            p.ProjectId,
            p.Title,
            Paragraphs = Paragraphs(p.Summary),
            Owner = owner is not null,
            Review = ProjectNames.Of(project.Review),
            ReviewNote = owner is null ? [] : Paragraphs(project.ReviewNote),
            project.EditedSinceReview,
            p.NeedsContact,
            Status = ProjectLabels.Of<ProjectStatus>(p.Status, language),
            IatiIdentifier = p.IatiIdentifier ?? "",
            Places = string.Join(", ", new[] { p.AdministrativeArea }.OfType<string>().Concat(p.Countries)),
            Planned = Span(p.PlannedStart, p.PlannedEnd, language),
            Actual = Span(p.ActualStart, p.ActualEnd, language),
            Area = p.AreaHectares is { } hectares ? hectares.ToString("#,0.##", Culture(language)) : "",
            LandUse = p.LandUse is { } landUse ? ProjectLabels.Of<LandUse>(landUse, language) : "",
            Practices = p.Practices.Select(name => ProjectLabels.Of<Practice>(name, language)).ToArray(),
            Topics = p.Topics.Select(slug => names.GetValueOrDefault(slug, slug)).ToArray(),
            Carbon = new CarbonView(
                carbon.Standard != ProjectNames.Of(CarbonStandard.None),
                ProjectLabels.Of<CarbonStandard>(carbon.Standard, language),
                carbon.Methodology ?? "",
                carbon.RegistryId ?? "",
                carbon.RegistryUrl is { Scheme: "https" } registry ? registry.AbsoluteUri : "",
                carbon.ExpectedTco2ePerYear is { } tonnes ? tonnes.ToString("#,0.##", Culture(language)) : ""),
            Organisations = p.Organisations.Select(o => new OrganisationView(o.Name, ProjectLabels.Of<OrganisationRole>(o.Role, language), o.Reference ?? "")).ToArray(),
            Markers = new MarkersView(
                ProjectLabels.Of<MarkerSignificance>(p.RioMarkers.Mitigation, language),
                ProjectLabels.Of<MarkerSignificance>(p.RioMarkers.Adaptation, language),
                ProjectLabels.Of<MarkerSignificance>(p.RioMarkers.Desertification, language)),
            Documents = Documents(p.DocumentIds, documentTitles),
            Updates = notes.Select(n => new UpdateView(
                Day(n.Date, language), n.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), n.Language, Paragraphs(n.Text), Documents(n.DocumentIds, documentTitles))).ToArray(),
            Confirmed = Day(DateOnly.FromDateTime(p.LastConfirmedAt.UtcDateTime), language),
            ConfirmedOn = p.LastConfirmedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Map = new MapView(Numbers(point.Latitude, point.Longitude), box, owner is null ? Zoom(project.Location.PublicPrecision) : 13, tiles),
            Precision = owner is null ? Kilometres(project.Location.PublicPrecision) : "",
            Exactness = ProjectNames.Of(project.Location.Exactness),
            FormToken = owner?.FormToken ?? "",
            Today = owner?.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            NoteLanguages = Languages.Select(code => new LanguageChoice(code, PageWords.For(code).LanguageName, code == language)).ToArray(),
            Edit = ProjectPagePaths.Edit(project.ProjectId),
            NewUpdate = ProjectPagePaths.NewUpdate(project.ProjectId),
            Confirm = ProjectPagePaths.Confirm(project.ProjectId),
            Back = ProjectPagePaths.Map(),
        };
    }

    // The catalog's document pages, by path, for the published documents named.
    private static DocumentView[] Documents(IEnumerable<string> documentIds, IReadOnlyDictionary<string, string> titles) =>
        [.. documentIds.Where(titles.ContainsKey).Select(id => new DocumentView(titles[id], $"{PageLinks.Base}/documents/{Uri.EscapeDataString(id)}"))];

    private static string Span(DateOnly? start, DateOnly? end, string language) => (start, end) switch
    {
        ({ } from, { } to) => $"{Day(from, language)} – {Day(to, language)}",
        ({ } from, null) => $"{Day(from, language)} –",
        (null, { } to) => $"– {Day(to, language)}",
        _ => "",
    };

    private static string Day(DateOnly date, string language) =>
        EventTimes.Day(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), language);

    private static CultureInfo Culture(string language) => language switch
    {
        "fr" => CultureInfo.GetCultureInfo("fr-FR"),
        "es" => CultureInfo.GetCultureInfo("es-ES"),
        _ => CultureInfo.InvariantCulture,
    };

    // Coordinates for the page's script, in invariant notation.
    private static string Numbers(params double[] values) =>
        string.Join(',', values.Select(v => v.ToString("0.######", CultureInfo.InvariantCulture)));

    // A zoom at which the rounding's cell fills a good part of the map, and no closer.
    private static int Zoom(double precision) => precision switch { >= 1 => 6, >= 0.1 => 9, >= 0.01 => 12, _ => 14 };

    // The rounding as a distance (a degree of latitude is about 111 km).
    private static string Kilometres(double precision) =>
        (precision * 111).ToString(precision >= 0.01 ? "0" : "0.#", CultureInfo.InvariantCulture);

    // Free text keeps its line breaks as paragraphs.
    private static string[] Paragraphs(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed record CarbonView(bool Certified, string Standard, string Methodology, string RegistryId, string RegistryUrl, string Tonnes);

    private sealed record OrganisationView(string Name, string Role, string Reference);

    private sealed record MarkersView(string Mitigation, string Adaptation, string Desertification);

    private sealed record DocumentView(string Title, string Href);

    private sealed record UpdateView(string Date, string On, string Language, string[] Paragraphs, DocumentView[] Documents);

    private sealed record MapView(string Point, string Box, int Zoom, MapTiles Tiles);

    private sealed record LanguageChoice(string Code, string Name, bool Selected);
}
