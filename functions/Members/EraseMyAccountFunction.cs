using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/members/me/erase: the erasure page's button (account session and anti-forgery field). Erases exactly as
/// DELETE /api/members/me does, ends the browser's sessions and says it is done.
/// </summary>
public sealed class EraseMyAccountFunction(MemberAccountService accounts, MemberSessions sessions)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(EraseMyAccount))]
    public async Task<IResult> EraseMyAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "members/me/erase")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await SessionForm.ReadAsync(request, sessions, MaxBodyBytes, MemberAction.EraseData, cancellationToken) switch
        {
            SessionForm.Posted { Session.Member: var member } => await EraseAsync(request, member, cancellationToken),
            SessionForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> EraseAsync(HttpRequest request, MemberEntity member, CancellationToken cancellationToken)
    {
        // False only when a concurrent erase got there first: erased either way.
        await accounts.EraseAsync(member.MemberId, RequestOrigins.From(request, "page"), cancellationToken);
        MemberSessions.End(request.HttpContext.Response);
        return HtmlPages.Page(StatusCodes.Status200OK, "erased", _ => new { }, memberLanguage: member.Language);
    }
}
