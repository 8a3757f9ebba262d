namespace CoP.Shared.Projects.Submission;

/// <summary>
/// The fields of a project its member gives, checked (by <see cref="ProjectRules.Parse"/>): everything but the id, the
/// contact, the review and the times, which the service sets. Its JSON (<see cref="ProjectDefinitionJson"/>) is what
/// <c>POST projects</c> takes and what an update's merge patch applies to.
/// </summary>
public sealed record ProjectDefinition(
    IReadOnlyDictionary<string, ProjectText> Texts,
    IReadOnlyList<string> Topics,
    ProjectStatus Status,
    string? IatiIdentifier,
    DateOnly? PlannedStart,
    DateOnly? PlannedEnd,
    DateOnly? ActualStart,
    DateOnly? ActualEnd,
    IReadOnlyList<string> Countries,
    string? AdministrativeArea,
    ProjectLocation Location,
    BoundaryShape? Boundary,
    double? AreaHectares,
    LandUse? LandUse,
    IReadOnlyList<Practice> Practices,
    ProjectCarbon Carbon,
    IReadOnlyList<ProjectOrganisation> Organisations,
    RioMarkers RioMarkers,
    IReadOnlyList<string> DocumentIds)
{
    /// <summary>The definition of a stored project; <paramref name="boundary"/> is its boundary as read from its blob.</summary>
    public static ProjectDefinition Of(Project project, BoundaryShape? boundary)
    {
        ArgumentNullException.ThrowIfNull(project);
        return new ProjectDefinition(
            project.Texts, project.Topics, project.Status, project.IatiIdentifier, project.PlannedStart, project.PlannedEnd, project.ActualStart,
            project.ActualEnd, project.Countries, project.AdministrativeArea, project.Location, boundary, project.AreaHectares, project.LandUse,
            project.Practices, project.Carbon, project.Organisations, project.RioMarkers, project.DocumentIds);
    }

    /// <summary>
    /// A new project of this definition, waiting for review: <paramref name="contactMemberId"/> answers for it and
    /// confirmed it <paramref name="now"/>; <paramref name="boundary"/> is where its boundary's blob is (or null).
    /// </summary>
    public Project NewProject(string projectId, string? contactMemberId, ProjectBoundary? boundary, DateTimeOffset now) =>
        new(projectId, Texts, Topics, Status, IatiIdentifier, PlannedStart, PlannedEnd, ActualStart, ActualEnd, Countries, AdministrativeArea,
            Location, boundary, AreaHectares, LandUse, Practices, Carbon, Organisations, RioMarkers, DocumentIds, contactMemberId, ProjectReview.Pending,
            null, null, null, false, now, now, now);

    /// <summary><paramref name="project"/> with this definition's fields (its id, contact, review and times as they were).</summary>
    public Project ApplyTo(Project project, ProjectBoundary? boundary)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project with
        {
            Texts = Texts, Topics = Topics, Status = Status, IatiIdentifier = IatiIdentifier, PlannedStart = PlannedStart, PlannedEnd = PlannedEnd,
            ActualStart = ActualStart, ActualEnd = ActualEnd, Countries = Countries, AdministrativeArea = AdministrativeArea, Location = Location,
            Boundary = boundary, AreaHectares = AreaHectares, LandUse = LandUse, Practices = Practices, Carbon = Carbon, Organisations = Organisations,
            RioMarkers = RioMarkers, DocumentIds = DocumentIds,
        };
    }

    /// <summary>Whether <paramref name="other"/> says the same (lists and texts compared by content).</summary>
    public bool SameAs(ProjectDefinition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ProjectDefinitionJson.Write(this).ToJsonString() == ProjectDefinitionJson.Write(other).ToJsonString();
    }
}

/// <summary>
/// A checked boundary: its GeoJSON as it is stored (a Polygon or MultiPolygon, written back by the GeoJSON writer), its
/// bounding box in degrees and its area on the ellipsoid's mean sphere in hectares.
/// </summary>
public sealed record BoundaryShape(string GeoJson, double West, double South, double East, double North, double AreaHectares);

/// <summary>
/// What the rules check references against: the topics a project may carry (the active ones, and on an update the ones
/// it has already) and the catalog documents it may link (published ones, and on an update the ones it links already).
/// </summary>
public sealed record ProjectReferences(IReadOnlySet<string> Topics, IReadOnlySet<string> Documents);
