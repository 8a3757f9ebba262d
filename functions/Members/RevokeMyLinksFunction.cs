using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/members/me/revoke-links (account token): every personal link sent to the member so far stops
/// working, this one included: for a forwarded newsletter or a lost phone. A fresh link is one request away.
/// </summary>
public sealed class RevokeMyLinksFunction(MemberAccountService accounts)
{
    [Function(nameof(RevokeMyLinks))]
    public async Task<IResult> RevokeMyLinks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "members/me/revoke-links")] HttpRequest request,
        CancellationToken cancellationToken)
    {
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

    public sealed record RevokedResponse(string Status, string Message);
}
