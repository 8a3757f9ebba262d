using System.Diagnostics;
using CoP.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using CoP.Shared.Members;

namespace CoP.Functions.Members;

/// <summary>GET /api/members/me: the member's own profile.</summary>
public sealed class GetMyProfileFunction(MemberAccountService accounts)
{
    [Function(nameof(GetMyProfile))]
    public async Task<IResult> GetMyProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.ViewProfile, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => TypedResults.Ok(ProfileResponse.From(member.ToMember())),
            MemberAuthentication.Refused { Status: var status } => MemberTokens.Refused(status),
            _ => throw new UnreachableException(),
        };
    }
}
