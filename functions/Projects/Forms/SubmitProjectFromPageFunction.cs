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
/// POST /api/projects/new: the new project's form, posted with the member's session (cookie and anti-forgery field).
/// The fields become the JSON that <c>SubmitProject</c> takes and go through the same rules; stored (pending review),
/// the browser goes to the project's edit page (303 to <c>?submitted=1</c>); refused, the form comes back with what was
/// typed and each error beside its field (400), or says the member has too many projects waiting already (409).
/// </summary>
public sealed class SubmitProjectFromPageFunction(ProjectService projects, ProjectFormComposer pages, MemberSessions sessions)
{
    [Function(nameof(SubmitProjectFromPage))]
    public async Task<IResult> SubmitProjectFromPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/new")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await SessionForm.ReadAsync(request, sessions, ProjectFormPage.MaxFormBytes, ProjectForm.MaxValues, MemberAction.MapProjects, cancellationToken) switch
        {
            SessionForm.Posted { Session: var session, Fields: var fields } => ProjectForm.Read(fields) switch
            {
                Validated<ProjectForm>.Valid { Value: var form } => await SubmitAsync(session, form, cancellationToken),
                Validated<ProjectForm>.Invalid { Errors: var errors } =>
                    await pages.NewAsync(StatusCodes.Status400BadRequest, session, ProjectForm.Empty, ProjectFormErrors.Place(errors), cancellationToken),
                _ => throw new UnreachableException(),
            },
            SessionForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> SubmitAsync(MemberSession.Open session, ProjectForm form, CancellationToken cancellationToken) =>
        await projects.SubmitAsync(session.Member.MemberId, ProjectFormJson.Definition(form), cancellationToken) switch
        {
            ProjectSubmission.Submitted { Project.Project.ProjectId: var projectId } => HtmlPages.SeeOther(ProjectFormPage.EditPath(projectId, ProjectFormNotice.Submitted)),
            ProjectSubmission.Invalid { Errors: var errors } =>
                await pages.NewAsync(StatusCodes.Status400BadRequest, session, form, ProjectFormErrors.Place(errors), cancellationToken),
            ProjectSubmission.TooManyPending =>
                await pages.NewAsync(StatusCodes.Status409Conflict, session, form, [], cancellationToken, tooManyPending: true),
            _ => throw new UnreachableException(),
        };
}
