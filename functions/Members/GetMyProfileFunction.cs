using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using CoP.Functions.Http;
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
        var member = await MemberRequest.AuthenticateAsync(request, accounts, cancellationToken);
        return member is null ? MemberTokens.Unauthorized() : TypedResults.Ok(ProfileResponse.From(member.ToMember()));
    }
}
