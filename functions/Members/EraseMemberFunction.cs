using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>DELETE /api/manage/members/{memberId} (function key): erases a member as they could themselves.</summary>
public sealed class EraseMemberFunction(MemberAccountService accounts)
{
    [Function(nameof(EraseMember))]
    public async Task<IResult> EraseMember(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/members/{memberId}")] HttpRequest request,
        string memberId,
        CancellationToken cancellationToken)
    {
        if (!MemberStore.IsValidMemberId(memberId))
        {
            return Problems.Validation("memberId", "A member id is 32 lowercase hexadecimal characters.");
        }

        return await accounts.EraseAsync(memberId, RequestOrigins.From(request, "operator"), cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("There is no such member.");
    }
}
