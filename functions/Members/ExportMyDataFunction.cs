using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>GET /api/members/me/export: everything stored about the member, consent ledger included (GDPR art. 15).</summary>
public sealed class ExportMyDataFunction(MemberAccountService accounts)
{
    [Function(nameof(ExportMyData))]
    public async Task<IResult> ExportMyData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "members/me/export")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.ExportData, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => await ExportAsync(request, member, cancellationToken),
            MemberAuthentication.Refused { Status: var status } => MemberTokens.Refused(status),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> ExportAsync(HttpRequest request, MemberEntity member, CancellationToken cancellationToken)
    {
        if (await accounts.ExportAsync(member.MemberId, cancellationToken) is not { } export)
        {
            return MemberTokens.Unauthorized();
        }

        request.HttpContext.Response.Headers.ContentDisposition = "attachment; filename=\"my-data.json\"";
        return TypedResults.Ok(export);
    }
}
