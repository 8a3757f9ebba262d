using CoP.Shared.Projects;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Projects;

/// <summary>Reads what a project's console page shows (the project, its progress notes, the topics' names) and renders the page.</summary>
public sealed class ConsoleProjectPages(ProjectStore projects, ProjectProgressStore progress, TopicStore topics, TimeProvider time)
{
    /// <summary>The page's content as stored now; null for an unknown or malformed id.</summary>
    public async Task<ProjectPage.Content?> ReadAsync(string projectId, CancellationToken cancellationToken)
    {
        if (await projects.GetAsync(projectId, cancellationToken) is not { } stored)
        {
            return null;
        }

        var notes = await progress.ListAsync(stored.Project.ProjectId, cancellationToken);
        return new ProjectPage.Content(stored, notes, await topics.ListAllAsync(cancellationToken), time.GetUtcNow());
    }

    /// <summary>
    /// The page of <paramref name="projectId"/> as it is now, with a refused form's values or a notice (the 404 page when
    /// the project is gone).
    /// </summary>
    public async Task<IResult> ShowAsync(
        ConsoleSession.Open session, string projectId, int status, ProjectPage.ReviewForm review, ProjectPage.ContactForm contact, string notice, CancellationToken cancellationToken) =>
        await ReadAsync(projectId, cancellationToken) is { } content
            ? ProjectPage.Show(status, session, content, review, contact, notice)
            : ProjectPage.Missing(session);
}
