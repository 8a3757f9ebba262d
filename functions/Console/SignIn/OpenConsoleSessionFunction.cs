using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.SignIn;

/// <summary>
/// POST /api/console/session: the sign-in button. Uses the link (once: a second post, or a second tab, gets the
/// expired-link page), opens a session (cookie) and goes to the overview (303). The sign-in is in the audit log.
/// </summary>
public sealed class OpenConsoleSessionFunction(ConsoleAccess access, OperatorAudit audit)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(OpenConsoleSession))]
    public async Task<IResult> OpenConsoleSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/session")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await FormOrJsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is not FormOrJsonBody.Form { Fields: var fields })
        {
            return body is FormOrJsonBody.Refused { Problem: var problem }
                ? problem
                : Problems.UnsupportedMediaType("application/x-www-form-urlencoded or multipart/form-data");
        }

        switch (await access.RedeemAsync(fields["token"].ToString(), cancellationToken))
        {
            case ConsoleSignIn.Opened { Ticket: var ticket }:
                await audit.RecordAsync(ticket.Operator, "console.sign-in", ticket.Operator.Id, cancellationToken: cancellationToken);
                return ConsoleGate.Open(ticket);
            case ConsoleSignIn.Refused:
                return ConsoleGate.SignedOutPage(StatusCodes.Status400BadRequest, "console-link-expired");
            default:
                throw new UnreachableException();
        }
    }
}
