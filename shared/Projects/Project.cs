using CoP.Shared.Events;

namespace CoP.Shared.Projects;

/// <summary>Where a project stands, by the IATI ActivityStatus codes (1 to 6), which the wire also carries.</summary>
public enum ProjectStatus
{
    Pipeline = 1,
    Implementation = 2,
    Finalisation = 3,
    Closed = 4,
    Cancelled = 5,
    Suspended = 6,
}

/// <summary>
/// Where a project stands with the operators: a member's submission waits as pending until reviewed; only approved
/// projects are public. A rejected one stays visible to its owner (with the operators' note) until they change it.
/// </summary>
public enum ProjectReview
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>How exact the location is, by the IATI GeographicExactness codes.</summary>
public enum LocationExactness
{
    Exact = 1,
    Approximate = 2,
}

/// <summary>The land use the project works on (WOCAT's main land-use types).</summary>
public enum LandUse
{
    Cropland,
    GrazingLand,
    ForestWoodland,
    Mixed,
    Settlements,
    Waterways,
    Other,
}

/// <summary>Soil-carbon practices, mirroring the activities eligible under Verra's VM0042 and VM0044 (biochar).</summary>
public enum Practice
{
    CoverCrops,
    ReducedTillage,
    ResidueManagement,
    CompostAndManure,
    Agroforestry,
    GrazingManagement,
    Biochar,
    WaterManagement,
    NutrientManagement,
    Other,
}

/// <summary>Which carbon standard, if any, the project is certified or being certified under.</summary>
public enum CarbonStandard
{
    None,
    Vcs,
    GoldStandard,
    Other,
}

/// <summary>An organisation's role in the project, by the IATI OrganisationRole codes.</summary>
public enum OrganisationRole
{
    Funding = 1,
    Accountable = 2,
    Extending = 3,
    Implementing = 4,
}

/// <summary>How much a policy objective is targeted, by the IATI PolicySignificance codes used for the Rio markers.</summary>
public enum MarkerSignificance
{
    NotTargeted = 0,
    Significant = 1,
    Principal = 2,
}

/// <summary>A project's title and summary in one language.</summary>
public sealed record ProjectText(string Title, string? Summary);

/// <summary>
/// Where the project is: its point (WGS 84), how exact that point is, and the precision in degrees to which public
/// answers round it (0.1 by default: about 11 km, enough to place a project and not a farm).
/// </summary>
public sealed record ProjectLocation(GeoPoint Point, LocationExactness Exactness, double PublicPrecision);

/// <summary>
/// The project's boundary, when given: a GeoJSON Polygon or MultiPolygon kept in a blob (<see cref="BlobName"/>), with
/// its bounding box and area so that lists need not read it.
/// </summary>
public sealed record ProjectBoundary(string BlobName, double West, double South, double East, double North, double AreaHectares);

/// <summary>An organisation taking part, with its IATI role and, when known, its IATI organisation identifier.</summary>
public sealed record ProjectOrganisation(string Name, OrganisationRole Role, string? Reference);

/// <summary>The Rio markers: how much the project targets climate mitigation, adaptation and desertification.</summary>
public sealed record RioMarkers(MarkerSignificance Mitigation, MarkerSignificance Adaptation, MarkerSignificance Desertification);

/// <summary>The certification: standard, methodology (e.g. VM0042), the registry's id and page, expected removals.</summary>
public sealed record ProjectCarbon(CarbonStandard Standard, string? Methodology, string? RegistryId, Uri? RegistryUrl, double? ExpectedTco2ePerYear);

/// <summary>
/// One project on the community's map. <see cref="ContactMemberId"/> is the member who submitted it and answers for
/// it (its owner; never shown as an address); null after that member erased their data, until an operator finds a
/// new contact. <see cref="LastConfirmedAt"/> is when the owner last said the record is current (owners are asked
/// yearly). <see cref="ApprovedAt"/> is the first approval (the newsletter's "new projects"); <see
/// cref="EditedSinceReview"/> marks an approved project its owner changed since, for the operators' queue.
/// </summary>
public sealed record Project(
    string ProjectId,
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
    ProjectBoundary? Boundary,
    double? AreaHectares,
    LandUse? LandUse,
    IReadOnlyList<Practice> Practices,
    ProjectCarbon Carbon,
    IReadOnlyList<ProjectOrganisation> Organisations,
    RioMarkers RioMarkers,
    IReadOnlyList<string> DocumentIds,
    string? ContactMemberId,
    ProjectReview Review,
    string? ReviewNote,
    DateTimeOffset? ReviewedAt,
    DateTimeOffset? ApprovedAt,
    bool EditedSinceReview,
    DateTimeOffset LastConfirmedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The language every project has a text in when it has only one: the first of <see cref="Texts"/> otherwise.</summary>
    public const string DefaultLanguage = "en";

    /// <summary>The text in <paramref name="language"/>, else in English, else the first one given.</summary>
    public ProjectText TextIn(string? language) =>
        language is not null && Texts.TryGetValue(language, out var text) ? text
        : Texts.TryGetValue(DefaultLanguage, out var english) ? english
        : Texts.Values.First();

    /// <summary>Whether anyone may see it: approved projects only.</summary>
    public bool IsPublic => Review == ProjectReview.Approved;

    /// <summary>Whether it is in the operators' review queue: a submission waiting, or an approved project its owner changed since.</summary>
    public bool AwaitsReview => Review == ProjectReview.Pending || (Review == ProjectReview.Approved && EditedSinceReview);

    /// <summary>Whether it lost its contact (an erase) and waits for an operator to find a new one.</summary>
    public bool NeedsContact => ContactMemberId is null;

    /// <summary>Whether <paramref name="memberId"/> answers for it (and so may change it and post progress).</summary>
    public bool IsOwnedBy(string? memberId) => memberId is not null && string.Equals(ContactMemberId, memberId, StringComparison.Ordinal);

    /// <summary>The point as the public sees it: rounded to <see cref="ProjectLocation.PublicPrecision"/> degrees.</summary>
    public GeoPoint PublicPoint => ProjectCoordinates.Round(Location.Point, Location.PublicPrecision);
}

/// <summary>
/// A dated progress note on a project (the community's "document and share progress"), with catalog documents. Public
/// with its project. <see cref="AuthorMemberId"/> is cleared when that member erases their data.
/// </summary>
public sealed record ProjectProgress(
    string ProjectId,
    string UpdateId,
    DateOnly Date,
    string Language,
    string Text,
    IReadOnlyList<string> DocumentIds,
    string? AuthorMemberId,
    DateTimeOffset PostedAt);

/// <summary>The rounding of public coordinates.</summary>
public static class ProjectCoordinates
{
    /// <summary>The precisions (degrees) a project may choose for its public point; 0.1 unless it says otherwise.</summary>
    public static readonly IReadOnlyList<double> Precisions = [1, 0.1, 0.01, 0.001];

    public const double DefaultPrecision = 0.1;

    /// <summary>The point rounded to the nearest multiple of <paramref name="precision"/> degrees, longitude kept in [-180, 180].</summary>
    public static GeoPoint Round(GeoPoint point, double precision)
    {
        ArgumentNullException.ThrowIfNull(point);
        var decimals = precision switch { >= 1 => 0, >= 0.1 => 1, >= 0.01 => 2, _ => 3 };
        var latitude = Math.Clamp(Math.Round(point.Latitude, decimals, MidpointRounding.AwayFromZero), -90, 90);
        var longitude = Math.Round(point.Longitude, decimals, MidpointRounding.AwayFromZero);
        return new GeoPoint(latitude, longitude > 180 ? longitude - 360 : longitude < -180 ? longitude + 360 : longitude);
    }
}
