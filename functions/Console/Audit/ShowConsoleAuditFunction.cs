using CoP.Shared.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Audit;

/// <summary>GET /api/console/audit?cursor=: the audit log, newest first, 50 entries a page.</summary>
public sealed class ShowConsoleAuditFunction(ConsoleGate gate, OperatorAudit audit)
{
    [Function(nameof(ShowConsoleAudit))]
    public async Task<IResult> ShowConsoleAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/audit")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var page = await audit.ListAsync(request.Query["cursor"], cancellationToken: cancellationToken);
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-audit", session, language => new
        {
            Entries = page.Entries.Select(entry => new
            {
                At = ConsoleFormat.Time(entry.At, language),
                Operator = entry.OperatorLabel,
                entry.Action,
                entry.Target,
                entry.Detail,
            }).ToArray(),
            Next = page.NextCursor is { } cursor ? $"{ConsoleGate.Home}/audit?cursor={Uri.EscapeDataString(cursor)}" : "",
        });
    }
}
