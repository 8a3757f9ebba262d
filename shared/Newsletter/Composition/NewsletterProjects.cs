using CoP.Shared.Projects;

namespace CoP.Shared.Newsletter.Composition;

/// <summary>
/// The projects part of an issue, from the projects map: the projects approved for the first time during the period
/// (oldest approval first, at most <see cref="MaxNewProjects"/>), and the progress notes posted during the period on
/// projects that are public now (newest first, at most <see cref="MaxUpdates"/>). Pending and rejected projects, and
/// their notes, are never listed; nothing names a contact or an author, and every link is a public page.
/// </summary>
public sealed class NewsletterProjects(ProjectStore projects, ProjectProgressStore progress)
{
    /// <summary>At most this many new projects in one issue.</summary>
    public const int MaxNewProjects = 20;

    /// <summary>At most this many progress notes in one issue.</summary>
    public const int MaxUpdates = 20;

    public async Task<(IReadOnlyList<NewsletterProject> New, IReadOnlyList<NewsletterProjectUpdate> Updates)> ListAsync(
        DateTimeOffset periodStart, DateTimeOffset periodEnd, Func<string, string> apiUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        var approved = (await projects.ListByReviewAsync(ProjectReview.Approved, cancellationToken)).ToDictionary(p => p.ProjectId, StringComparer.Ordinal);
        var fresh = approved.Values
            .Where(p => p.ApprovedAt > periodStart && p.ApprovedAt <= periodEnd)
            .OrderBy(p => p.ApprovedAt)
            .ThenBy(p => p.ProjectId, StringComparer.Ordinal)
            .Take(MaxNewProjects)
            .Select(p => new NewsletterProject(
                p.ProjectId, Titles(p),
                p.Texts.Where(text => !string.IsNullOrWhiteSpace(text.Value.Summary)).ToDictionary(text => text.Key, text => text.Value.Summary ?? "", StringComparer.Ordinal),
                p.Topics, p.Countries, p.AdministrativeArea ?? "", apiUrl($"projects/{p.ProjectId}")))
            .ToList();
        var updates = (await progress.ListPostedSinceAsync(periodStart, cancellationToken))
            .Where(note => note.PostedAt > periodStart && note.PostedAt <= periodEnd && approved.ContainsKey(note.ProjectId))
            .OrderByDescending(note => note.PostedAt)
            .ThenBy(note => note.UpdateId, StringComparer.Ordinal)
            .Take(MaxUpdates)
            .Select(note => (Note: note, Project: approved[note.ProjectId]))
            .Select(found => new NewsletterProjectUpdate(
                found.Note.ProjectId, found.Note.UpdateId, Titles(found.Project), found.Project.Topics, found.Note.Date, found.Note.Language,
                found.Note.Text, apiUrl($"projects/{found.Note.ProjectId}")))
            .ToList();
        return (fresh, updates);
    }

    private static Dictionary<string, string> Titles(Project p) => p.Texts.ToDictionary(text => text.Key, text => text.Value.Title, StringComparer.Ordinal);
}
