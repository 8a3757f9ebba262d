using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Projects.Catalog;

/// <summary>A page of the public list: the projects, the cursor of the next page (null on the last) and how many matched in all.</summary>
public sealed record ProjectPage(IReadOnlyList<PublicProject> Items, string? NextCursor, int Total);

/// <summary>
/// The public read side of the projects map, over the in-memory <see cref="ProjectMapSnapshot"/>: the list with its
/// filters and cursor, one approved project, the map's GeoJSON (the unfiltered one cached as bytes per language) and
/// the CSV export. Only approved projects, only their public views.
/// </summary>
public sealed class ProjectCatalog(ProjectMapSnapshot snapshot, IOptions<MembershipOptions> membership)
{
    private Uri PublicBase => membership.Value.PublicApiBaseUrl ?? throw new InvalidOperationException("Membership:PublicApiBaseUrl is not set.");

    /// <summary>The approved projects that match, newest first, from the query's cursor on, at most its limit.</summary>
    public async Task<ProjectPage> ListAsync(ProjectQuery query, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matching = (await snapshot.CurrentAsync(cancellationToken)).Entries.Where(query.Matches).Select(e => e.Project).ToList();
        var page = matching.Where(p => query.Cursor is null || query.Cursor.Precedes(p)).Take(query.Limit + 1).ToList();
        var next = page.Count > query.Limit ? ProjectCursor.After(page[query.Limit - 1]).Encode() : null;
        return new ProjectPage([.. page.Take(query.Limit).Select(p => ProjectViews.Public(p, language, PublicBase))], next, matching.Count);
    }

    /// <summary>The public view of an approved project; null when there is none with this id (or it is not approved).</summary>
    public async Task<PublicProject?> GetPublicAsync(string? projectId, string language, CancellationToken cancellationToken = default)
    {
        if (projectId is null || !ProjectStore.IsValidProjectId(projectId))
        {
            return null;
        }

        var entry = (await snapshot.CurrentAsync(cancellationToken)).Find(projectId);
        return entry is null ? null : ProjectViews.Public(entry.Project, language, PublicBase);
    }

    /// <summary>The map's GeoJSON of the matching projects (all of them, the cursor and limit aside); the unfiltered one is written once per build.</summary>
    public async Task<ProjectDocument> GeoJsonAsync(ProjectQuery query, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var map = await snapshot.CurrentAsync(cancellationToken);
        return query.IsUnfiltered
            ? map.GeoJson(language, () => ProjectGeoJson.Write(map.Entries.Select(e => e.Project), language, PublicBase))
            : ProjectGeoJson.Write(map.Entries.Where(query.Matches).Select(e => e.Project), language, PublicBase);
    }

    /// <summary>The matching projects (all of them, the cursor and limit aside) for the CSV export, read now and written by the caller.</summary>
    public async Task<ProjectCsv> ExportAsync(ProjectQuery query, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var map = await snapshot.CurrentAsync(cancellationToken);
        return new ProjectCsv([.. map.Entries.Where(query.Matches).Select(e => e.Project)], language, PublicBase);
    }
}
