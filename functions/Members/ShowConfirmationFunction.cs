using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// GET /api/registrations/confirm?token=: the link in the confirmation email. The token moves into a session cookie
/// on this address (<see cref="MemberSessions.Exchange"/>) and the browser reloads the page without it. The page changes
/// nothing, because mail scanners (Safe Links, Proofpoint) open every link in a mail: its button posts the session's
/// form token to <see cref="ConfirmRegistrationFunction"/>, so only the person who reads the mail gives consent.
/// <c>?welcome=1</c>, where a confirmed registration leads, greets the new member.
/// </summary>
public sealed class ShowConfirmationFunction(ConfirmationService confirmations, MemberSessions sessions)
{
    [Function(nameof(ShowConfirmation))]
    public async Task<IResult> ShowConfirmation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "registrations/confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (sessions.Exchange(request) is { } exchange)
        {
            return exchange;
        }

        var token = MemberTokens.FromQuery(request)
            ?? (await sessions.AuthenticateAsync(request, MemberAction.Confirm, cancellationToken: cancellationToken) as MemberSession.Open)?.Token;
        return await confirmations.CheckAsync(token, cancellationToken) switch
        {
            ConfirmationResult.Pending when token is not null =>
                HtmlPages.Page(StatusCodes.Status200OK, "confirm-registration", new { FormToken = MemberSessions.FormToken(token) }),
            ConfirmationResult.AlreadyConfirmed when request.Query["welcome"] == "1" => ConfirmRegistrationFunction.ConfirmedPage(),
            ConfirmationResult.AlreadyConfirmed => HtmlPages.Page(StatusCodes.Status200OK, "already-member"),
            ConfirmationResult.Expired => HtmlPages.NewLink(NewLinkReason.ConfirmationExpired),
            ConfirmationResult.Pending or ConfirmationResult.Invalid => HtmlPages.NewLink(NewLinkReason.ConfirmationInvalid),
            _ => throw new UnreachableException(),
        };
    }
}
