using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Console;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.SignIn;

/// <summary>
/// POST /api/console/sign-in: queues the sign-in mail for the posted address and answers 303 to <c>?sent=1</c>, the
/// same for an operator's address and anyone else's (the mail is decided, and sent only to an operator, when the queue
/// delivers it). Only what is not an address at all is refused (400, the form again).
/// </summary>
public sealed class RequestConsoleSignInFunction(ConsoleAccess access)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(RequestConsoleSignIn))]
    public async Task<IResult> RequestConsoleSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-in")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await FormOrJsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is not FormOrJsonBody.Form { Fields: var fields })
        {
            return body is FormOrJsonBody.Refused { Problem: var problem }
                ? problem
                : Problems.UnsupportedMediaType("application/x-www-form-urlencoded or multipart/form-data");
        }

        string email = fields["email"].ToString();
        return await access.RequestSignInAsync(email, HtmlPages.Language(request), ClientAddresses.LimitKey(request), cancellationToken) switch
        {
            MailRequestResult.Queued or MailRequestResult.Ignored => HtmlPages.SeeOther($"{ConsoleGate.SignInPage}?sent=1"),
            MailRequestResult.Invalid { Errors: var errors } => ConsoleGate.SignedOutPage(StatusCodes.Status400BadRequest, "console-sign-in", new
            {
                Sent = false,
                SignedOut = false,
                Email = email.Length <= MemberRules.MaxEmailLength ? email : "",
                Error = errors.Values.SelectMany(messages => messages).First(),
            }),
            MailRequestResult.Limited { RetryAfter: var retryAfter } => Problems.TooManyRequests(retryAfter),
            _ => throw new UnreachableException(),
        };
    }
}
