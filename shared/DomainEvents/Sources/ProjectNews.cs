using System.Globalization;
using CoP.Shared.Projects;

namespace CoP.Shared.DomainEvents.Sources;

/// <summary>
/// Reports <c>project.approved</c> (key: the project id) at a project's first approval, which makes it public, and
/// <c>project.progress-updated</c> (key: the project id and the UTC day the note was posted, <c>{projectId}/{yyyy-MM-dd}</c>)
/// for progress notes on an approved project: one announcement a day per project, that of the day's first note, however
/// many notes its owner posts. A note added while the project waits for review is not reported, then or later: it shows on
/// the project's page from the approval on, which is announced itself. Never the contact, the note's author, the exact location or the organisations'
/// people; the note's text stays on the page.
/// </summary>
public sealed class ProjectNews(DomainEventLog log, ProjectLinks links)
{
    /// <summary>Reports the approval, if <paramref name="project"/> stands under its first one (a later re-approval after an edit is not news).</summary>
    public async Task ApprovedAsync(Project project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project is not { Review: ProjectReview.Approved, ApprovedAt: { } approvedAt } || approvedAt != project.ReviewedAt)
        {
            return;
        }

        var summary = project.Countries.Count == 0 ? "New on the map" : "New on the map: " + string.Join(", ", project.Countries);
        await PublishAsync(DomainEventTypes.ProjectApproved, project.ProjectId, project, summary, update: null, cancellationToken);
    }

    /// <summary>Reports the note, if its project is public and no note of it was reported on the day it was posted.</summary>
    public async Task ProgressAsync(Project project, ProjectProgress note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(note);
        if (!project.IsPublic)
        {
            return;
        }

        var summary = "Progress of " + note.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var update = new Update(note.UpdateId, note.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), note.Language, note.DocumentIds, note.PostedAt);
        var day = note.PostedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await PublishAsync(DomainEventTypes.ProjectProgressUpdated, $"{project.ProjectId}/{day}", project, summary, update, cancellationToken);
    }

    private Task<PublishResult> PublishAsync(string type, string key, Project project, string summary, Update? update, CancellationToken cancellationToken)
    {
        var title = project.TextIn(Project.DefaultLanguage).Title;
        var url = links.Page(project.ProjectId).ToString();
        var data = new Happening(
            project.ProjectId, title, url, project.Topics, project.Countries, ProjectNames.Of(project.Status), project.ApprovedAt, update);
        return log.PublishAsync(new DomainEventDraft(type, key, title, url, project.Topics, summary, DomainEventData.Of(data)), cancellationToken);
    }

    private sealed record Update(string Id, string Date, string Language, IReadOnlyList<string> DocumentIds, DateTimeOffset PostedAt);

    /// <summary><see cref="Status"/> by its wire name, as the project's page gives it.</summary>
    private sealed record Happening(
        string Id, string Title, string Url, IReadOnlyList<string> Topics, IReadOnlyList<string> Countries, string Status, DateTimeOffset? ApprovedAt, Update? Update);
}
