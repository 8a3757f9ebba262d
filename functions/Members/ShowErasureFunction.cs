using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// GET /api/members/me/erase: the page that asks an account session to confirm the erasure; it erases nothing by
/// itself (its button posts to EraseMyAccount).
/// </summary>
public sealed class ShowErasureFunction(MemberSessions sessions)
{
    [Function(nameof(ShowErasure))]
    public async Task<IResult> ShowErasure(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "members/me/erase")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (sessions.Exchange(request) is { } exchange)
        {
            return exchange;
        }

        return await sessions.AuthenticateAsync(request, MemberAction.EraseData, cancellationToken: cancellationToken) switch
        {
            MemberSession.Open { Member: var member, FormToken: var formToken } => HtmlPages.Page(
                StatusCodes.Status200OK, "erase", _ => new { member.Email, FormToken = formToken }, memberLanguage: member.Language),
            MemberSession.None => ProfilePage.LinkExpired(),
            _ => throw new UnreachableException(),
        };
    }
}
