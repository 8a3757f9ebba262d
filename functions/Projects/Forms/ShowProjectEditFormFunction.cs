using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Forms;

/// <summary>
/// GET /api/projects/{projectId}/edit: the owner's page of their project (the link of the yearly "is it still
/// current?" mail leads here): where its review stands, the button that confirms the record, the project's form with
/// its version in a hidden field, and the progress note form. A project that is not the member's is not found (404),
/// exactly as one that does not exist. A personal link's <c>?token=</c> becomes the session first.
/// </summary>
public sealed class ShowProjectEditFormFunction(MemberSessions sessions, ProjectFormComposer pages)
{
    [Function(nameof(ShowProjectEditForm))]
    public async Task<IResult> ShowProjectEditForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/edit")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken) =>
        await sessions.AuthenticateAsync(request, MemberAction.MapProjects, cancellationToken: cancellationToken) switch
        {
            MemberSession.Open when request.Query.ContainsKey("token") && sessions.Exchange(request) is { } exchange => exchange,
            MemberSession.Open open => await pages.EditAsync(
                StatusCodes.Status200OK, request, open, projectId, ProjectFormPage.Done(request), cancellationToken),
            MemberSession.None => ProfilePage.LinkExpired(),
            _ => throw new UnreachableException(),
        };
}
