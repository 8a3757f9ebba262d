using System.Diagnostics;
using CoP.Shared.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.SignIn;

/// <summary>POST /api/console/sign-out: ends the session (its row and its cookie), then the sign-in page (303).</summary>
public sealed class SignOutOfConsoleFunction(ConsoleGate gate, ConsoleAccess access)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(SignOutOfConsole))]
    public async Task<IResult> SignOutOfConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-out")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        switch (await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken))
        {
            case ConsoleForm.Posted { Session: var session }:
                await access.EndAsync(session.Secret, cancellationToken);
                await gate.RecordAsync(session, "console.sign-out", session.Operator.Id, cancellationToken: cancellationToken);
                ConsoleGate.End(request.HttpContext.Response);
                return Http.HtmlPages.SeeOther($"{ConsoleGate.SignInPage}?signedOut=1");
            case ConsoleForm.Refused { Answer: var answer }:
                return answer;
            default:
                throw new UnreachableException();
        }
    }
}
