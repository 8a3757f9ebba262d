using System.Globalization;
using CoP.Shared.Projects;

namespace CoP.Functions.Console.Projects;

/// <summary>
/// A project as the console's page shows it: every field, enums by their wire names (the templates word them), the exact
/// point beside the rounded public one, and times in the page's language.
/// </summary>
internal static class ProjectView
{
    public static object Of(ProjectPage.Content content, string language)
    {
        var project = content.Stored.Project;
        var names = content.Topics.ToDictionary(topic => topic.Slug, topic => topic.Name, StringComparer.Ordinal);
        var point = project.Location.Point;
        var rounded = project.PublicPoint;
        string Time(DateTimeOffset? at) => at is { } value ? ConsoleFormat.Time(value, language) : "";
        return new
        {
            project.ProjectId,
            project.TextIn(language).Title,
            Url = ProjectPage.Url(project.ProjectId),
            PublicPage = ProjectPage.PublicPage(project),
            Review = ProjectNames.Of(project.Review),
            ReviewNote = project.ReviewNote ?? "",
            ReviewedAt = Time(project.ReviewedAt),
            ApprovedAt = Time(project.ApprovedAt),
            project.EditedSinceReview,
            Texts = project.Texts.OrderBy(text => text.Key, StringComparer.Ordinal)
                .Select(text => new { Language = text.Key, text.Value.Title, Summary = text.Value.Summary ?? "" }).ToArray(),
            Topics = string.Join(", ", project.Topics.Select(slug => names.GetValueOrDefault(slug, slug))),
            Status = ProjectNames.Of(project.Status),
            IatiIdentifier = project.IatiIdentifier ?? "",
            PlannedStart = ProjectPage.Date(project.PlannedStart),
            PlannedEnd = ProjectPage.Date(project.PlannedEnd),
            ActualStart = ProjectPage.Date(project.ActualStart),
            ActualEnd = ProjectPage.Date(project.ActualEnd),
            Countries = string.Join(", ", project.Countries),
            AdministrativeArea = project.AdministrativeArea ?? "",
            Latitude = ProjectPage.Degrees(point.Latitude),
            Longitude = ProjectPage.Degrees(point.Longitude),
            PublicLatitude = ProjectPage.Degrees(rounded.Latitude),
            PublicLongitude = ProjectPage.Degrees(rounded.Longitude),
            Exactness = ProjectNames.Of(project.Location.Exactness),
            PublicPrecision = ProjectPage.Degrees(project.Location.PublicPrecision),
            MapLink = string.Create(
                CultureInfo.InvariantCulture, $"https://www.openstreetmap.org/?mlat={point.Latitude}&mlon={point.Longitude}#map=14/{point.Latitude}/{point.Longitude}"),
            HasBoundary = project.Boundary is not null,
            Boundary = new
            {
                West = project.Boundary is { } w ? ProjectPage.Degrees(w.West) : "",
                South = project.Boundary is { } s ? ProjectPage.Degrees(s.South) : "",
                East = project.Boundary is { } e ? ProjectPage.Degrees(e.East) : "",
                North = project.Boundary is { } n ? ProjectPage.Degrees(n.North) : "",
                AreaHectares = ProjectPage.Number(project.Boundary?.AreaHectares, language),
            },
            AreaHectares = ProjectPage.Number(project.AreaHectares, language),
            LandUse = project.LandUse is { } landUse ? ProjectNames.Of(landUse) : "",
            Practices = project.Practices.Select(ProjectNames.Of).ToArray(),
            Carbon = new
            {
                Standard = ProjectNames.Of(project.Carbon.Standard),
                Methodology = project.Carbon.Methodology ?? "",
                RegistryId = project.Carbon.RegistryId ?? "",
                RegistryUrl = project.Carbon.RegistryUrl?.ToString() ?? "",
                ExpectedTco2ePerYear = ProjectPage.Number(project.Carbon.ExpectedTco2ePerYear, language),
            },
            Organisations = project.Organisations
                .Select(organisation => new { organisation.Name, Role = ProjectNames.Of(organisation.Role), Reference = organisation.Reference ?? "" }).ToArray(),
            Rio = new
            {
                Mitigation = ProjectNames.Of(project.RioMarkers.Mitigation),
                Adaptation = ProjectNames.Of(project.RioMarkers.Adaptation),
                Desertification = ProjectNames.Of(project.RioMarkers.Desertification),
            },
            Documents = project.DocumentIds.Select(id => new { DocumentId = id, Url = $"{ConsoleGate.Home}/documents/{id}" }).ToArray(),
            ContactMemberId = project.ContactMemberId ?? "",
            ContactUrl = project.ContactMemberId is { } contact ? $"{ConsoleGate.Home}/members/{Uri.EscapeDataString(contact)}" : "",
            project.NeedsContact,
            LastConfirmed = Time(project.LastConfirmedAt),
            Unconfirmed = ProjectsQueuePage.IsUnconfirmed(project, content.Now),
            Created = Time(project.CreatedAt),
            Updated = Time(project.UpdatedAt),
        };
    }
}
