using CoP.Shared.Events;

namespace CoP.Shared.Projects.Catalog;

/// <summary>
/// An approved project as anyone may see it (the list, the project's JSON, the map): the texts in the language asked
/// for (<c>title</c>, <c>summary</c>) and all of them (<c>texts</c>), enums by their wire names, and the location only
/// as its public point: a GeoJSON Point rounded to <c>publicPrecision</c> degrees, with the boundary's box rounded
/// outwards to the same precision. Never the exact point, the contact member or the operators' note; <c>needsContact</c>
/// says when the project lost its contact and waits for a new one.
/// </summary>
public record PublicProject(
    string ProjectId,
    Uri Url,
    string Language,
    string Title,
    string? Summary,
    IReadOnlyDictionary<string, ProjectText> Texts,
    IReadOnlyList<string> Topics,
    string Status,
    string? IatiIdentifier,
    DateOnly? PlannedStart,
    DateOnly? PlannedEnd,
    DateOnly? ActualStart,
    DateOnly? ActualEnd,
    IReadOnlyList<string> Countries,
    string? AdministrativeArea,
    GeoJsonPoint Location,
    string Exactness,
    double PublicPrecision,
    ProjectBoundsView? BoundaryBox,
    double? AreaHectares,
    string? LandUse,
    IReadOnlyList<string> Practices,
    ProjectCarbonView Carbon,
    IReadOnlyList<ProjectOrganisationView> Organisations,
    ProjectRioMarkersView RioMarkers,
    IReadOnlyList<string> DocumentIds,
    bool NeedsContact,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastConfirmedAt);

/// <summary>
/// A project as its owner sees it, whatever its review: everything the public sees (<c>location</c> is still the
/// public, rounded point), plus the exact point and boundary box, the review with the operators' note, and whether an
/// approved project was edited since.
/// </summary>
public sealed record OwnerProject : PublicProject
{
    public OwnerProject(PublicProject view, Project project)
        : base(view)
    {
        ArgumentNullException.ThrowIfNull(project);
        ExactLocation = GeoJsonPoint.Of(project.Location.Point);
        ExactBoundaryBox = project.Boundary is { } b ? new ProjectBoundsView(b.West, b.South, b.East, b.North) : null;
        Review = ProjectNames.Of(project.Review);
        ReviewNote = project.ReviewNote;
        ReviewedAt = project.ReviewedAt;
        EditedSinceReview = project.EditedSinceReview;
        CreatedAt = project.CreatedAt;
    }

    public GeoJsonPoint ExactLocation { get; }

    public ProjectBoundsView? ExactBoundaryBox { get; }

    public string Review { get; }

    public string? ReviewNote { get; }

    public DateTimeOffset? ReviewedAt { get; }

    public bool EditedSinceReview { get; }

    public DateTimeOffset CreatedAt { get; }
}

/// <summary>A GeoJSON Point (RFC 7946): <c>{"type":"Point","coordinates":[longitude, latitude]}</c>.</summary>
public sealed record GeoJsonPoint(string Type, IReadOnlyList<double> Coordinates)
{
    public static GeoJsonPoint Of(GeoPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        // Adding zero turns a rounded -0 into 0, which JSON writes as "0".
        return new GeoJsonPoint("Point", [point.Longitude + 0.0, point.Latitude + 0.0]);
    }
}

/// <summary>A box in degrees: <c>west</c>, <c>south</c>, <c>east</c>, <c>north</c>.</summary>
public sealed record ProjectBoundsView(double West, double South, double East, double North);

public sealed record ProjectCarbonView(string Standard, string? Methodology, string? RegistryId, Uri? RegistryUrl, double? ExpectedTco2ePerYear);

public sealed record ProjectOrganisationView(string Name, string Role, string? Reference);

public sealed record ProjectRioMarkersView(string Mitigation, string Adaptation, string Desertification);

/// <summary>The public and owner views of a project, and its page's address.</summary>
public static class ProjectViews
{
    /// <summary>The public view in <paramref name="language"/> (the texts fall back as <see cref="Project.TextIn"/> says).</summary>
    public static PublicProject Public(Project project, string language, Uri publicBase)
    {
        ArgumentNullException.ThrowIfNull(project);
        var text = project.TextIn(language);
        var precision = project.Location.PublicPrecision;
        return new PublicProject(
            project.ProjectId,
            PageUrl(publicBase, project.ProjectId),
            project.Texts.ContainsKey(language) ? language : project.Texts.ContainsKey(Project.DefaultLanguage) ? Project.DefaultLanguage : project.Texts.Keys.First(),
            text.Title,
            text.Summary,
            project.Texts,
            project.Topics,
            ProjectNames.Of(project.Status),
            project.IatiIdentifier,
            project.PlannedStart,
            project.PlannedEnd,
            project.ActualStart,
            project.ActualEnd,
            project.Countries,
            project.AdministrativeArea,
            GeoJsonPoint.Of(project.PublicPoint),
            ProjectNames.Of(project.Location.Exactness),
            precision,
            project.Boundary is { } b ? AroundPublicPoint(b, project.PublicPoint, precision) : null,
            project.AreaHectares,
            project.LandUse is { } landUse ? ProjectNames.Of(landUse) : null,
            [.. project.Practices.Select(ProjectNames.Of)],
            new ProjectCarbonView(
                ProjectNames.Of(project.Carbon.Standard), project.Carbon.Methodology, project.Carbon.RegistryId, project.Carbon.RegistryUrl, project.Carbon.ExpectedTco2ePerYear),
            [.. project.Organisations.Select(o => new ProjectOrganisationView(o.Name, ProjectNames.Of(o.Role), o.Reference))],
            new ProjectRioMarkersView(
                ProjectNames.Of(project.RioMarkers.Mitigation), ProjectNames.Of(project.RioMarkers.Adaptation), ProjectNames.Of(project.RioMarkers.Desertification)),
            project.DocumentIds,
            project.NeedsContact,
            project.ApprovedAt,
            project.UpdatedAt,
            project.LastConfirmedAt);
    }

    /// <summary>The owner's view in <paramref name="language"/>, whatever the review.</summary>
    public static OwnerProject Owner(Project project, string language, Uri publicBase) => new(Public(project, language, publicBase), project);

    /// <summary>The project page's public address: <c>{base}/api/projects/{projectId}</c>.</summary>
    public static Uri PageUrl(Uri publicBase, string projectId)
    {
        ArgumentNullException.ThrowIfNull(publicBase);
        return new Uri($"{publicBase.ToString().TrimEnd('/')}/api/projects/{Uri.EscapeDataString(projectId)}");
    }

    /// <summary>
    /// A box centred on the public point, its half-sizes the boundary's rounded up to whole steps of
    /// <paramref name="precision"/> degrees plus one step: it says how large the project is, and never where its edges
    /// lie (a box rounded from the exact edges would tell which grid lines a small farm touches).
    /// </summary>
    private static ProjectBoundsView AroundPublicPoint(ProjectBoundary b, GeoPoint publicPoint, double precision)
    {
        var steps = Math.Round(1 / precision);
        double HalfSize(double span) => (Math.Ceiling(Math.Round(span / 2 * steps, 6)) + 1) / steps;
        var halfWidth = HalfSize(b.East - b.West);
        var halfHeight = HalfSize(b.North - b.South);
        double Clamp(double value, double limit) => Math.Round(Math.Clamp(value, -limit, limit) * steps) / steps + 0.0;
        return new ProjectBoundsView(
            Clamp(publicPoint.Longitude - halfWidth, 180),
            Clamp(publicPoint.Latitude - halfHeight, 90),
            Clamp(publicPoint.Longitude + halfWidth, 180),
            Clamp(publicPoint.Latitude + halfHeight, 90));
    }
}
