using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// GET /api/unsubscribe?token=: a page with a button. It changes nothing, because mail scanners follow
/// links; the button (or a mail client's RFC 8058 one-click POST) unsubscribes.
/// </summary>
public sealed class ShowUnsubscribeFunction(MemberAccountService accounts)
{
    [Function(nameof(ShowUnsubscribe))]
    public async Task<IResult> ShowUnsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = MemberTokens.FromQuery(request);
        return await accounts.AuthenticateAsync(token, MemberAction.Unsubscribe, cancellationToken: cancellationToken) switch
        {
            MemberAuthentication.Authenticated => HtmlPages.Page(StatusCodes.Status200OK, "unsubscribe", new { Token = token }),
            MemberAuthentication.Refused => UnsubscribeFunction.InvalidLinkPage(),
            _ => throw new UnreachableException(),
        };
    }
}
