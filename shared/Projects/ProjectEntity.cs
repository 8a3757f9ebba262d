using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Projects;

/// <summary>
/// Row of the <c>Projects</c> table. PartitionKey <c>project</c>, RowKey the project id: a page is one point read; the
/// public map, list and export read the partition once into a cached snapshot (a community maps thousands of projects,
/// not millions). Lists and records are JSON in one property each, bounded by the project rules far below the 64 KiB
/// a property may hold; enums are stored by their wire names. The contact and the review have columns of their own,
/// so that an erase and the operators' queue filter on the server.
/// </summary>
public sealed class ProjectEntity : ITableEntity
{
    public const string Partition = "project";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Texts { get; set; } = "{}";
    public string Topics { get; set; } = "[]";
    public string Status { get; set; } = "";
    public string? IatiIdentifier { get; set; }
    public string? PlannedStart { get; set; }
    public string? PlannedEnd { get; set; }
    public string? ActualStart { get; set; }
    public string? ActualEnd { get; set; }
    public string Countries { get; set; } = "[]";
    public string? AdministrativeArea { get; set; }
    public string Location { get; set; } = "{}";
    public string? Boundary { get; set; }
    public double? AreaHectares { get; set; }
    public string? LandUse { get; set; }
    public string Practices { get; set; } = "[]";
    public string Carbon { get; set; } = "{}";
    public string Organisations { get; set; } = "[]";
    public string RioMarkers { get; set; } = "{}";
    public string DocumentIds { get; set; } = "[]";
    public string? ContactMemberId { get; set; }
    public string Review { get; set; } = "";
    public string? ReviewNote { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public bool EditedSinceReview { get; set; }
    public DateTimeOffset LastConfirmedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Storage's JSON: web defaults, enums by their kebab-case wire names (as <see cref="ProjectNames"/> gives them).</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public static ProjectEntity From(Project p) => new()
    {
        RowKey = p.ProjectId,
        Texts = JsonSerializer.Serialize(p.Texts, Json),
        Topics = JsonSerializer.Serialize(p.Topics, Json),
        Status = ProjectNames.Of(p.Status),
        IatiIdentifier = p.IatiIdentifier,
        PlannedStart = Date(p.PlannedStart),
        PlannedEnd = Date(p.PlannedEnd),
        ActualStart = Date(p.ActualStart),
        ActualEnd = Date(p.ActualEnd),
        Countries = JsonSerializer.Serialize(p.Countries, Json),
        AdministrativeArea = p.AdministrativeArea,
        Location = JsonSerializer.Serialize(p.Location, Json),
        Boundary = p.Boundary is null ? null : JsonSerializer.Serialize(p.Boundary, Json),
        AreaHectares = p.AreaHectares,
        LandUse = p.LandUse is { } landUse ? ProjectNames.Of(landUse) : null,
        Practices = JsonSerializer.Serialize(p.Practices, Json),
        Carbon = JsonSerializer.Serialize(p.Carbon, Json),
        Organisations = JsonSerializer.Serialize(p.Organisations, Json),
        RioMarkers = JsonSerializer.Serialize(p.RioMarkers, Json),
        DocumentIds = JsonSerializer.Serialize(p.DocumentIds, Json),
        ContactMemberId = p.ContactMemberId,
        Review = ProjectNames.Of(p.Review),
        ReviewNote = p.ReviewNote,
        ReviewedAt = p.ReviewedAt,
        ApprovedAt = p.ApprovedAt,
        EditedSinceReview = p.EditedSinceReview,
        LastConfirmedAt = p.LastConfirmedAt,
        CreatedAt = p.CreatedAt,
        UpdatedAt = p.UpdatedAt,
    };

    public Project ToProject()
    {
        // Rows are only written from validated projects; an unreadable value is a corrupted row, not an input error.
        if (!ProjectNames.TryParse(Status, out ProjectStatus status) || !ProjectNames.TryParse(Review, out ProjectReview review))
        {
            throw new InvalidOperationException($"Project {RowKey} has an unknown status or review.");
        }

        LandUse? landUse = null;
        if (LandUse is not null)
        {
            landUse = ProjectNames.TryParse(LandUse, out Projects.LandUse parsed) ? parsed
                : throw new InvalidOperationException($"Project {RowKey} has an unknown land use.");
        }

        return new Project(
            RowKey,
            Read<Dictionary<string, ProjectText>>(Texts),
            Read<List<string>>(Topics),
            status,
            IatiIdentifier,
            Date(PlannedStart),
            Date(PlannedEnd),
            Date(ActualStart),
            Date(ActualEnd),
            Read<List<string>>(Countries),
            AdministrativeArea,
            Read<ProjectLocation>(Location),
            Boundary is null ? null : Read<ProjectBoundary>(Boundary),
            AreaHectares,
            landUse,
            Read<List<Practice>>(Practices),
            Read<ProjectCarbon>(Carbon),
            Read<List<ProjectOrganisation>>(Organisations),
            Read<RioMarkers>(RioMarkers),
            Read<List<string>>(DocumentIds),
            ContactMemberId,
            review,
            ReviewNote,
            ReviewedAt,
            ApprovedAt,
            EditedSinceReview,
            LastConfirmedAt,
            CreatedAt,
            UpdatedAt);
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Date(string? date) =>
        date is null ? null : DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException($"Project {RowKey} has an empty JSON property.");
}
