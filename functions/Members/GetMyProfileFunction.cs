using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// GET /api/members/me: the member's own profile, as JSON for scripts (Bearer or <c>?token=</c>) and as the profile
/// page for browsers (with the projects the member maps), which arrive from a profile or account link (the token becomes
/// a session first) or with a session.
/// </summary>
public sealed class GetMyProfileFunction(MemberAccountService accounts, MemberSessions sessions, TopicStore topics, ProjectStore projects)
{
    [Function(nameof(GetMyProfile))]
    public async Task<IResult> GetMyProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (HtmlPages.PrefersHtml(request))
        {
            return sessions.Exchange(request) ?? await PageAsync(request, cancellationToken);
        }

        return await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.ViewProfile, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => TypedResults.Ok(ProfileResponse.From(member.ToMember())),
            MemberAuthentication.Refused { Status: var status } => MemberTokens.Refused(status),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> PageAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await sessions.AuthenticateAsync(request, MemberAction.ViewProfile, cancellationToken: cancellationToken) switch
        {
            MemberSession.Open open => ProfilePage.Show(
                open,
                await topics.ListActiveAsync(cancellationToken),
                await projects.ListByContactAsync(open.Member.MemberId, cancellationToken),
                request.Query["saved"] == "1"),
            MemberSession.None => ProfilePage.LinkExpired(),
            _ => throw new UnreachableException(),
        };
}
