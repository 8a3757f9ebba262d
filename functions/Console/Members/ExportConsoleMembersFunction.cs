using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Members;

/// <summary>
/// GET /api/console/members/export?status=: the members (all, or by status) as the CSV of GET /api/manage/members/export,
/// as an attachment, cells a spreadsheet would run as formulas escaped; audited as <c>members.export</c> with the filter
/// and the number of rows once written.
/// </summary>
public sealed class ExportConsoleMembersFunction(ConsoleGate gate, MemberCsvExporter exporter)
{
    [Function(nameof(ExportConsoleMembers))]
    public async Task<IResult> ExportConsoleMembers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/members/export")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var status = MembersPage.Status(request);
        return TypedResults.Stream(
            async stream =>
            {
                var rows = await exporter.WriteAsync(stream, status, null, null, cancellationToken);
                var filter = MembersPage.StatusName(status) is { Length: > 0 } name ? $"status={name}" : "all";
                await gate.RecordAsync(session, "members.export", "members", $"{filter}, {rows} rows", cancellationToken);
            },
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: "members.csv");
    }
}
