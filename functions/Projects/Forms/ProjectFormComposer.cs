using CoP.Functions.Http;
using CoP.Shared.Projects;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Projects.Forms;

/// <summary>The project form as posted and refused: what was typed, the version it was typed over, and the errors.</summary>
public sealed record PostedProjectForm(ProjectForm Form, string Version, IReadOnlyList<ProjectFormError> Errors);

/// <summary>The progress form as posted and refused: what was typed and the errors.</summary>
public sealed record PostedProgressForm(ProgressForm Form, IReadOnlyList<ProjectFormError> Errors);

/// <summary>
/// What the project forms' pages read besides the form itself, for the pages and their forms' answers alike: the
/// member's own project (anyone else's is not found, exactly as a project that does not exist), the topics, today.
/// </summary>
public sealed class ProjectFormComposer(TopicStore topics, ProjectStore projects, TimeProvider time)
{
    /// <summary>The project when it is the session's member's; null when it does not exist or is someone else's.</summary>
    public async Task<StoredProject?> OwnedAsync(string projectId, MemberSession.Open session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return await projects.GetAsync(projectId, cancellationToken) is { Project: var project } stored && project.IsOwnedBy(session.Member.MemberId)
            ? stored
            : null;
    }

    /// <summary>The new project's form (see <see cref="ProjectFormPage.New"/>).</summary>
    public async Task<IResult> NewAsync(
        int status, MemberSession.Open session, ProjectForm form, IReadOnlyList<ProjectFormError> errors, CancellationToken cancellationToken, bool tooManyPending = false) =>
        ProjectFormPage.New(status, session, await topics.ListActiveAsync(cancellationToken), form, errors, tooManyPending);

    /// <summary>
    /// The edit page of the member's project as it is stored now, with <paramref name="notice"/> at its top and, when a
    /// form was refused, that form as typed (over the version it was typed over, so that saving it again still notices
    /// a change made meanwhile). The 404 page when the project is not theirs.
    /// </summary>
    public async Task<IResult> EditAsync(
        int status,
        HttpRequest request,
        MemberSession.Open session,
        string projectId,
        ProjectFormNotice notice,
        CancellationToken cancellationToken,
        PostedProjectForm? posted = null,
        PostedProgressForm? progress = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (await OwnedAsync(projectId, session, cancellationToken) is not { } stored)
        {
            return ProjectFormPage.NotFound();
        }

        var language = HtmlPages.Language(request, session.Member.ToMember().Language);
        var owned = new OwnedProject(
            posted is null ? stored : stored with { Version = posted.Version },
            notice,
            progress?.Form ?? ProgressForm.New(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), language),
            progress?.Errors ?? []);
        return ProjectFormPage.Edit(
            status, session, await topics.ListActiveAsync(cancellationToken), owned, posted?.Form ?? ProjectForm.Of(stored.Project), posted?.Errors ?? []);
    }
}
