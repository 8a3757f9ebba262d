using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// GET /api/unsubscribe: the newsletter's unsubscribe link (<c>?token=</c>, which becomes a session on this page
/// first) shows a page with a button. It changes nothing, because mail scanners follow links; the button (or a mail
/// client's RFC 8058 one-click POST) unsubscribes. A profile or account session gets the button too; without any, the
/// page says how to unsubscribe. <c>?done=1</c> is where the button lands (post/redirect/get).
/// </summary>
public sealed class ShowUnsubscribeFunction(MemberSessions sessions)
{
    [Function(nameof(ShowUnsubscribe))]
    public async Task<IResult> ShowUnsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (sessions.Exchange(request) is { } exchange)
        {
            return exchange;
        }

        if (MemberTokens.FromQuery(request) is not null)
        {
            // A token the exchange refused: expired, tampered with, or not an unsubscribe link.
            return UnsubscribeFunction.InvalidLinkPage();
        }

        var session = await sessions.AuthenticateAsync(request, MemberAction.Unsubscribe, cancellationToken: cancellationToken);
        var memberLanguage = (session as MemberSession.Open)?.Member.Language;
        if (request.Query["done"] == "1")
        {
            return HtmlPages.Page(StatusCodes.Status200OK, "unsubscribed", _ => new { }, memberLanguage: memberLanguage);
        }

        return session switch
        {
            MemberSession.Open { Member: var member, FormToken: var formToken } => HtmlPages.Page(
                StatusCodes.Status200OK, "unsubscribe", _ => new { Subscribed = member.Newsletter, FormToken = formToken }, memberLanguage: memberLanguage),
            MemberSession.None => HtmlPages.Page(StatusCodes.Status200OK, "unsubscribe-how"),
            _ => throw new UnreachableException(),
        };
    }
}
