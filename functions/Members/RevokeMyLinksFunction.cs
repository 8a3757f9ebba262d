using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/members/me/revoke-links (account token, or the profile page's button with an account session): every
/// personal link sent to the member so far stops working, this one included: for a forwarded newsletter or a lost
/// phone. The page's session ends with it. A fresh link is one request away.
/// </summary>
public sealed class RevokeMyLinksFunction(MemberAccountService accounts, MemberSessions sessions)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(RevokeMyLinks))]
    public async Task<IResult> RevokeMyLinks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "members/me/revoke-links")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (MemberTokens.FromHeaderOrQuery(request) is null && request.HasFormContentType)
        {
            return await SessionForm.ReadAsync(request, sessions, MaxBodyBytes, MemberAction.RevokeLinks, cancellationToken) switch
            {
                SessionForm.Posted { Session.Member: var member } => await RevokeFromPageAsync(request, member, cancellationToken),
                SessionForm.Refused { Answer: var answer } => answer,
                _ => throw new UnreachableException(),
            };
        }

        return await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.RevokeLinks, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => await RevokeAsync(member, cancellationToken),
            MemberAuthentication.Refused { Status: var status } => MemberTokens.Refused(status),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> RevokeAsync(MemberEntity member, CancellationToken cancellationToken) =>
        await accounts.RevokeLinksAsync(member.MemberId, cancellationToken) switch
        {
            AccountChange.Done => TypedResults.Ok(new RevokedResponse("revoked", "Every personal link sent to you so far no longer works. Request a new one at POST /api/members/access-link.")),
            AccountChange.Conflict => Problems.Conflict("Your account was being changed at the same time; send the request again."),
            AccountChange.NotFound => MemberTokens.Unauthorized(),
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> RevokeFromPageAsync(HttpRequest request, MemberEntity member, CancellationToken cancellationToken)
    {
        switch (await accounts.RevokeLinksAsync(member.MemberId, cancellationToken))
        {
            case AccountChange.Done:
                MemberSessions.End(request.HttpContext.Response);
                return HtmlPages.Page(StatusCodes.Status200OK, "links-revoked", _ => new { }, memberLanguage: member.Language);
            case AccountChange.Conflict:
                return ProfilePage.ChangedMeanwhile();
            case AccountChange.NotFound:
                return ProfilePage.LinkExpired();
            default:
                throw new UnreachableException();
        }
    }

    public sealed record RevokedResponse(string Status, string Message);
}
