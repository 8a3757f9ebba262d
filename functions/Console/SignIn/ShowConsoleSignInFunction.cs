using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.SignIn;

/// <summary>GET /api/console/sign-in: the form that mails an operator a sign-in link (<c>?sent=1</c> says it is on its way).</summary>
public sealed class ShowConsoleSignInFunction
{
    [Function(nameof(ShowConsoleSignIn))]
    public static IResult ShowConsoleSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/sign-in")] HttpRequest request) =>
        ConsoleGate.SignedOutPage(StatusCodes.Status200OK, "console-sign-in", new
        {
            Sent = request.Query["sent"] == "1",
            SignedOut = request.Query["signedOut"] == "1",
            Email = "",
            Error = "",
        });
}
