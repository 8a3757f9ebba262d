using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Projects.Pages;

/// <summary>
/// GET /api/projects/{projectId}: an approved project, with its progress notes newest first. Anyone gets its public
/// view (the rounded point only); its owner (a token for scripts, Bearer or <c>?token=</c>; the member session for
/// browsers) also gets their pending or rejected project, with the exact point, the review and the operators' note,
/// and the version (<c>ETag</c>) an update names in <c>If-Match</c>. Any other project is not found, whoever asks.
/// A browser (Accept ranks text/html first) gets the project page.
/// </summary>
public sealed class GetProjectFunction(
    ProjectStore projects, ProjectPageComposer pages, MemberSessions sessions, MemberAccountService accounts, IOptions<MembershipOptions> membership)
{
    [Function(nameof(GetProject))]
    public async Task<IResult> GetProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.Vary = "Accept, Accept-Language, Authorization";
        var stored = await projects.GetAsync(projectId, cancellationToken);
        if (!HtmlPages.PrefersHtml(request))
        {
            return await JsonAsync(request, stored, cancellationToken);
        }

        var linked = request.Query.ContainsKey("token");
        var session = await sessions.AuthenticateAsync(request, MemberAction.MapProjects, cancellationToken: cancellationToken);
        if (linked && session is MemberSession.Open && sessions.Exchange(request) is { } exchange)
        {
            // A personal link becomes the browser's session; the page is reloaded without its token.
            return exchange;
        }

        var owner = session is MemberSession.Open open && stored?.Project.IsOwnedBy(open.Member.MemberId) == true ? open : null;
        return stored is { Project: var project } && (project.IsPublic || owner is not null)
            ? await pages.ShowAsync(request, stored, owner, cancellationToken)
            : ProjectDetailsPage.NotFound();
    }

    private async Task<IResult> JsonAsync(HttpRequest request, StoredProject? stored, CancellationToken cancellationToken)
    {
        string? memberId = null;
        if (MemberTokens.FromHeaderOrQuery(request) is { } token)
        {
            // A personal token: no cache keeps the answer.
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            switch (await accounts.AuthenticateAsync(token, MemberAction.MapProjects, cancellationToken: cancellationToken))
            {
                case MemberAuthentication.Refused { Status: var status }:
                    return MemberTokens.Refused(status);
                case MemberAuthentication.Authenticated { Member: var member }:
                    memberId = member.MemberId;
                    break;
                default:
                    throw new UnreachableException();
            }
        }

        if (stored is not { Project: var project } || !(project.IsPublic || project.IsOwnedBy(memberId)))
        {
            return Problems.NotFound("There is no project with this id.");
        }

        var language = HtmlPages.Language(request);
        var view = ProjectViews.Public(project, language, membership.Value.PublicApiBaseUrl!);
        var notes = await pages.NotesAsync(project.ProjectId, cancellationToken);
        if (!project.IsOwnedBy(memberId))
        {
            return TypedResults.Ok(new ProjectDetailsResponse(view, notes));
        }

        request.HttpContext.Response.Headers.ETag = stored.Version;
        return TypedResults.Ok(new ProjectDetailsResponse(new OwnerProject(view, project), notes));
    }
}

/// <summary>
/// A project as <c>GetProject</c> answers it: <c>project</c> is the public view (the owner's view, with the exact
/// point and the review, for its owner) and <c>updates</c> its progress notes, newest first.
/// </summary>
public sealed record ProjectDetailsResponse(object Project, IReadOnlyList<ProjectUpdateResponse> Updates);

/// <summary>A progress note: its date, language and text, and the catalog documents it names.</summary>
public sealed record ProjectUpdateResponse(string UpdateId, DateOnly Date, string Language, string Text, IReadOnlyList<string> DocumentIds, DateTimeOffset PostedAt);
