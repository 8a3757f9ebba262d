using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// GET /api/registrations/confirm?token=: the link in the confirmation email. It changes nothing, because mail
/// scanners (Safe Links, Proofpoint) open every link in a mail: it shows a page whose button confirms
/// (<see cref="ConfirmRegistrationFunction"/>), so only the person who reads the mail gives consent.
/// </summary>
public sealed class ShowConfirmationFunction(ConfirmationService confirmations)
{
    [Function(nameof(ShowConfirmation))]
    public async Task<IResult> ShowConfirmation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "registrations/confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var token = MemberTokens.FromQuery(request);
        return await confirmations.CheckAsync(token, cancellationToken) switch
        {
            ConfirmationResult.Pending => HtmlPages.Page(StatusCodes.Status200OK, "confirm-registration", new { Token = token }),
            ConfirmationResult.AlreadyConfirmed => HtmlPages.Page(StatusCodes.Status200OK, "already-member"),
            ConfirmationResult.Expired => HtmlPages.NewLink(NewLinkReason.ConfirmationExpired),
            ConfirmationResult.Invalid => HtmlPages.NewLink(NewLinkReason.ConfirmationInvalid),
            _ => throw new UnreachableException(),
        };
    }
}
