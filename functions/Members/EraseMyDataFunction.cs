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
        var (member, refusal) = await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.EraseData, cancellationToken);
        if (member is null)
        {
            return refusal!;
        }

        if (!await accounts.EraseAsync(member.MemberId, RequestOrigins.From(request, "api"), cancellationToken))
        {
            return MemberTokens.Unauthorized();
        }

        return TypedResults.NoContent();
    }
}
