using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Catalog;
using CoP.Shared.Projects.Map;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Projects.Pages;

/// <summary>
/// What a project page shows beyond the project itself: its progress notes, the catalog documents it and they name
/// (published ones only, by title), the topics' names, and the map's tiles.
/// </summary>
public sealed class ProjectPageComposer(
    ProjectProgressStore progress,
    DocumentStore documents,
    TopicStore topics,
    IOptions<ProjectMapOptions> map,
    IOptions<MembershipOptions> membership,
    TimeProvider time)
{
    /// <summary>The project's progress notes, newest first (by their date, then by when they were posted).</summary>
    public async Task<IReadOnlyList<ProjectUpdateResponse>> NotesAsync(string projectId, CancellationToken cancellationToken) =>
        [.. (await progress.ListAsync(projectId, cancellationToken))
            .OrderByDescending(n => n.Date).ThenByDescending(n => n.PostedAt)
            .Select(n => new ProjectUpdateResponse(n.UpdateId, n.Date, n.Language, n.Text, n.DocumentIds, n.PostedAt))];

    /// <summary>The page of <paramref name="stored"/>, for its <paramref name="owner"/> (their session) or for anyone (null).</summary>
    public async Task<IResult> ShowAsync(HttpRequest request, StoredProject stored, MemberSession.Open? owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stored);
        var project = stored.Project;
        var notes = await NotesAsync(project.ProjectId, cancellationToken);
        var titles = await DocumentTitlesAsync(project.DocumentIds.Concat(notes.SelectMany(n => n.DocumentIds)), cancellationToken);
        var reader = owner is null ? null : new ProjectOwner(owner.FormToken, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        return ProjectDetailsPage.Show(
            project,
            language => ProjectViews.Public(project, language, membership.Value.PublicApiBaseUrl!),
            notes,
            titles,
            await topics.ListActiveAsync(cancellationToken),
            reader,
            map.Value,
            owner?.Member.Language);
    }

    // Each document named once, read once; only published ones are linked (the catalog shows no other).
    private async Task<IReadOnlyDictionary<string, string>> DocumentTitlesAsync(IEnumerable<string> documentIds, CancellationToken cancellationToken)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var documentId in documentIds.Distinct(StringComparer.Ordinal).Take(100))
        {
            if (await documents.GetAsync(documentId, cancellationToken) is { Status: nameof(DocumentStatus.Published) } document)
            {
                titles[documentId] = document.Title;
            }
        }

        return titles;
    }
}

/// <summary>The project's owner reading its page: their forms carry <paramref name="FormToken"/>; a new note is dated <paramref name="Today"/>.</summary>
public sealed record ProjectOwner(string FormToken, DateOnly Today);
