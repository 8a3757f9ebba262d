using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.Shared.Projects.Submission;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Forms;

/// <summary>
/// POST /api/projects/{projectId}/confirm: the edit page's "this record is still current" button (the answer to the
/// yearly question), posted with the member's session and the version the page showed. Confirmed, the browser goes
/// back to the page (303 to <c>?confirmed=1</c>); a project changed since is shown as it is now, unconfirmed, to be
/// checked again (409). A project that is not the member's is not found (404). Scripts confirm with an empty
/// <c>PATCH</c> at <c>UpdateProject</c>.
/// </summary>
public sealed class ConfirmProjectFromPageFunction(ProjectService projects, ProjectFormComposer pages, MemberSessions sessions)
{
    private const int MaxFormBytes = 4 * 1024;

    [Function(nameof(ConfirmProjectFromPage))]
    public async Task<IResult> ConfirmProjectFromPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/confirm")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken) =>
        await SessionForm.ReadAsync(request, sessions, MaxFormBytes, MemberAction.MapProjects, cancellationToken) switch
        {
            SessionForm.Posted { Session: var session, Fields: var fields } => await ConfirmAsync(request, projectId, session, fields, cancellationToken),
            SessionForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> ConfirmAsync(HttpRequest request, string projectId, MemberSession.Open session, IFormCollection fields, CancellationToken cancellationToken)
    {
        var version = FormOrJsonBody.OneValue(fields, "version", new FieldErrors()) is { Length: > 0 } shown ? shown : null;
        return await projects.ConfirmAsync(projectId, session.Member.MemberId, version, cancellationToken) switch
        {
            ProjectChange.Changed => HtmlPages.SeeOther(ProjectFormPage.EditPath(projectId, ProjectFormNotice.Confirmed)),
            ProjectChange.VersionMismatch =>
                await pages.EditAsync(StatusCodes.Status409Conflict, request, session, projectId, ProjectFormNotice.ChangedMeanwhile, cancellationToken),
            ProjectChange.Invalid { Errors: var errors } => await pages.EditAsync(
                StatusCodes.Status400BadRequest, request, session, projectId, ProjectFormNotice.None, cancellationToken,
                await StoredFormAsync(projectId, session, errors, cancellationToken)),
            ProjectChange.NotFound or ProjectChange.NotOwner => ProjectFormPage.NotFound(),
            _ => throw new UnreachableException(),
        };
    }

    // A record that no longer passes the rules (a topic retired since, say) cannot be confirmed as it is: the form shows why.
    private async Task<PostedProjectForm?> StoredFormAsync(
        string projectId, MemberSession.Open session, IReadOnlyDictionary<string, string[]> errors, CancellationToken cancellationToken) =>
        await pages.OwnedAsync(projectId, session, cancellationToken) is { Project: var project, Version: var version }
            ? new PostedProjectForm(ProjectForm.Of(project), version, ProjectFormErrors.Place(errors))
            : null;
}
