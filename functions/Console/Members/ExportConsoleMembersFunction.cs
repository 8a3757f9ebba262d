using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Members;

/// <summary>
/// GET /api/console/members/export?status=: the members (all, or by status) as the CSV of GET /api/manage/members/export,
/// as an attachment, cells a spreadsheet would run as formulas escaped. Audited before the first byte leaves
/// (<c>members.export.start</c>, with the filter), so that a download cut off halfway is in the log too, and once written
/// (<c>members.export</c>, with the filter and the number of rows).
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
        var filter = MembersPage.StatusName(status) is { Length: > 0 } name ? $"status={name}" : "all";
        await gate.RecordAsync(session, "members.export.start", "members", filter, cancellationToken);
        return TypedResults.Stream(
            async stream =>
            {
                var rows = await exporter.WriteAsync(stream, status, null, null, cancellationToken);
                await gate.RecordAsync(session, "members.export", "members", $"{filter}, {rows} rows", CancellationToken.None);
            },
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: "members.csv");
    }
}
