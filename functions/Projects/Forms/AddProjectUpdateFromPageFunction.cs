using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.Shared.Projects.Progress;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Forms;

/// <summary>
/// POST /api/projects/{projectId}/updates/new: the edit page's progress note form, posted with the member's session.
/// The fields become the JSON that <c>AddProjectUpdate</c> takes and go through the same rules; posted (or posted
/// already: the same note twice is one note), the browser goes back to the page (303 to <c>?posted=1</c>); refused,
/// the page comes back with the note as typed and each error beside its field (400), or without the form when the
/// project was rejected (409). A project that is not the member's is not found (404).
/// </summary>
public sealed class AddProjectUpdateFromPageFunction(ProjectProgressService progress, ProjectFormComposer pages, MemberSessions sessions)
{
    [Function(nameof(AddProjectUpdateFromPage))]
    public async Task<IResult> AddProjectUpdateFromPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/updates/new")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken) =>
        await SessionForm.ReadAsync(request, sessions, ProgressForm.MaxFormBytes, MemberAction.MapProjects, cancellationToken) switch
        {
            SessionForm.Posted { Session: var session, Fields: var fields } => ProgressForm.Read(fields) switch
            {
                Validated<ProgressForm>.Valid { Value: var note } => await AddAsync(request, projectId, session, note, cancellationToken),
                Validated<ProgressForm>.Invalid { Errors: var errors } => await RefusedAsync(
                    request, projectId, session, new ProgressForm("", "", "", ""), errors, cancellationToken),
                _ => throw new UnreachableException(),
            },
            SessionForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> AddAsync(HttpRequest request, string projectId, MemberSession.Open session, ProgressForm note, CancellationToken cancellationToken) =>
        ProgressRules.Parse(note.ToJson()) switch
        {
            Validated<ProgressDefinition>.Valid { Value: var definition } => await progress.AddAsync(projectId, session.Member.MemberId, definition, cancellationToken) switch
            {
                ProgressOutcome.Added or ProgressOutcome.AlreadyAdded => HtmlPages.SeeOther(ProjectFormPage.EditPath(projectId, ProjectFormNotice.Posted)),
                ProgressOutcome.Invalid { Errors: var errors } => await RefusedAsync(request, projectId, session, note, errors, cancellationToken),
                ProgressOutcome.ProjectRejected =>
                    await pages.EditAsync(StatusCodes.Status409Conflict, request, session, projectId, ProjectFormNotice.None, cancellationToken),
                ProgressOutcome.NotFound or ProgressOutcome.NotOwner => ProjectFormPage.NotFound(),
                _ => throw new UnreachableException(),
            },
            Validated<ProgressDefinition>.Invalid { Errors: var errors } => await RefusedAsync(request, projectId, session, note, errors, cancellationToken),
            _ => throw new UnreachableException(),
        };

    private Task<IResult> RefusedAsync(
        HttpRequest request, string projectId, MemberSession.Open session, ProgressForm note, IReadOnlyDictionary<string, string[]> errors, CancellationToken cancellationToken) =>
        pages.EditAsync(
            StatusCodes.Status400BadRequest, request, session, projectId, ProjectFormNotice.None, cancellationToken,
            progress: new PostedProgressForm(note, ProgressForm.Place(errors)));
}
