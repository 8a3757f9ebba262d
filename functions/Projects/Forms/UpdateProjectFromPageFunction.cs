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
/// POST /api/projects/{projectId}/edit: the edit page's form (HTML forms cannot PATCH), posted with the member's session
/// and the version the form was shown at. The fields become the JSON merge patch that <c>UpdateProject</c> takes and go
/// through the same rules; saved (which also confirms the record is current), the browser goes back to the page (303
/// to <c>?saved=1</c>); refused, the form comes back as typed with each error beside its field (400); a project changed
/// since the form was shown is not overwritten: the page shows it as it is now and says so (409). A project that is
/// not the member's is not found (404).
/// </summary>
public sealed class UpdateProjectFromPageFunction(ProjectService projects, ProjectFormComposer pages, MemberSessions sessions)
{
    [Function(nameof(UpdateProjectFromPage))]
    public async Task<IResult> UpdateProjectFromPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/edit")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken) =>
        await SessionForm.ReadAsync(request, sessions, ProjectFormPage.MaxFormBytes, ProjectForm.MaxValues, MemberAction.MapProjects, cancellationToken) switch
        {
            SessionForm.Posted { Session: var session, Fields: var fields } => await UpdateAsync(request, projectId, session, fields, cancellationToken),
            SessionForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> UpdateAsync(HttpRequest request, string projectId, MemberSession.Open session, IFormCollection fields, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (FormOrJsonBody.OneValue(fields, "version", errors) is not { Length: > 0 } version)
        {
            // No version to change against: nothing can tell the member's change from one made meanwhile.
            return await pages.EditAsync(StatusCodes.Status409Conflict, request, session, projectId, ProjectFormNotice.ChangedMeanwhile, cancellationToken);
        }

        return ProjectForm.Read(fields) switch
        {
            Validated<ProjectForm>.Valid { Value: var form } => await projects.UpdateAsync(projectId, session.Member.MemberId, ProjectFormJson.Patch(form), version, cancellationToken) switch
            {
                ProjectChange.Changed => HtmlPages.SeeOther(ProjectFormPage.EditPath(projectId, ProjectFormNotice.Saved)),
                ProjectChange.Invalid { Errors: var refused } => await pages.EditAsync(
                    StatusCodes.Status400BadRequest, request, session, projectId, ProjectFormNotice.None, cancellationToken,
                    new PostedProjectForm(form, version, ProjectFormErrors.Place(refused))),
                ProjectChange.VersionMismatch =>
                    await pages.EditAsync(StatusCodes.Status409Conflict, request, session, projectId, ProjectFormNotice.ChangedMeanwhile, cancellationToken),
                ProjectChange.NotFound or ProjectChange.NotOwner => ProjectFormPage.NotFound(),
                _ => throw new UnreachableException(),
            },
            // A field sent twice is no one value to keep: the form shows the project as stored, with the error.
            Validated<ProjectForm>.Invalid { Errors: var twice } => await pages.EditAsync(
                StatusCodes.Status400BadRequest, request, session, projectId, ProjectFormNotice.None, cancellationToken,
                await StoredFormAsync(projectId, session, version, ProjectFormErrors.Place(twice), cancellationToken)),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<PostedProjectForm?> StoredFormAsync(
        string projectId, MemberSession.Open session, string version, IReadOnlyList<ProjectFormError> errors, CancellationToken cancellationToken) =>
        await pages.OwnedAsync(projectId, session, cancellationToken) is { Project: var project }
            ? new PostedProjectForm(ProjectForm.Of(project), version, errors)
            : null;
}
