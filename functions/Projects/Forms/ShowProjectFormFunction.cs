using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Forms;

/// <summary>
/// GET /api/projects/new: the form on which a member maps a project, for the member's session (a profile or account
/// link's <c>?token=</c> becomes the session first, and the browser comes back without it). Without a session, the
/// page that offers a new link (401). The form posts to <c>SubmitProjectFromPage</c>; scripts submit at <c>SubmitProject</c>.
/// </summary>
public sealed class ShowProjectFormFunction(MemberSessions sessions, ProjectFormComposer pages)
{
    [Function(nameof(ShowProjectForm))]
    public async Task<IResult> ShowProjectForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/new")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await sessions.AuthenticateAsync(request, MemberAction.MapProjects, cancellationToken: cancellationToken) switch
        {
            MemberSession.Open when request.Query.ContainsKey("token") && sessions.Exchange(request) is { } exchange => exchange,
            MemberSession.Open open => await pages.NewAsync(StatusCodes.Status200OK, open, ProjectForm.Empty, [], cancellationToken),
            MemberSession.None => ProfilePage.LinkExpired(),
            _ => throw new UnreachableException(),
        };
}
