using CoP.Shared.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.SignIn;

/// <summary>
/// GET /api/console/session?token=: the mailed link's page. It shows a button and uses nothing: a mail server's link
/// scanner that fetches the link signs nobody in and leaves the link usable. A used, expired or unknown link gets a
/// 400 page that offers a new one.
/// </summary>
public sealed class ShowConsoleSessionFunction(ConsoleAccess access)
{
    [Function(nameof(ShowConsoleSession))]
    public async Task<IResult> ShowConsoleSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/session")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        string? token = request.Query["token"];
        return await access.PeekSignInAsync(token, cancellationToken) is { } @operator
            ? ConsoleGate.SignedOutPage(StatusCodes.Status200OK, "console-session", new { Token = token, Operator = @operator.Label })
            : ConsoleGate.SignedOutPage(StatusCodes.Status400BadRequest, "console-link-expired");
    }
}
