using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// GET /api/members/me/export: everything stored about the member, consent ledger included (GDPR art. 15), as a
/// JSON download. With an account token (Bearer or <c>?token=</c>), or from the profile page with an account session.
/// </summary>
public sealed class ExportMyDataFunction(MemberAccountService accounts, MemberSessions sessions)
{
    [Function(nameof(ExportMyData))]
    public async Task<IResult> ExportMyData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "members/me/export")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (MemberTokens.FromHeaderOrQuery(request) is null)
        {
            return await sessions.AuthenticateAsync(request, MemberAction.ExportData, cancellationToken: cancellationToken) switch
            {
                MemberSession.Open { Member: var member } => await ExportAsync(request, member, cancellationToken),
                MemberSession.None { Status: var status } => HtmlPages.PrefersHtml(request) ? ProfilePage.LinkExpired() : MemberTokens.Refused(status),
                _ => throw new UnreachableException(),
            };
        }

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
