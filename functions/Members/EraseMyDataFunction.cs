using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>DELETE /api/members/me: erases the member's personal data for good and sends one receipt (GDPR art. 17).</summary>
public sealed class EraseMyDataFunction(MemberAccountService accounts)
{
    [Function(nameof(EraseMyData))]
    public async Task<IResult> EraseMyData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.EraseData, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => await EraseAsync(request, member, cancellationToken),
            MemberAuthentication.Refused { Status: var status } => MemberTokens.Refused(status),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> EraseAsync(HttpRequest request, MemberEntity member, CancellationToken cancellationToken)
    {
        if (!await accounts.EraseAsync(member.MemberId, RequestOrigins.From(request, "api"), cancellationToken))
        {
            return MemberTokens.Unauthorized();
        }

        return TypedResults.NoContent();
    }
}
