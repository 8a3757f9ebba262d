using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>GET /api/manage/members/export (function key): all matching members as CSV, streamed.</summary>
public sealed class ExportMembersFunction(MemberCsvExporter exporter)
{
    [Function(nameof(ExportMembers))]
    public IResult ExportMembers(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/members/export")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (query, problem) = MemberListQuery.Read(request);
        if (query is null)
        {
            return problem!;
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(
            stream => exporter.WriteAsync(stream, query.Status, query.Country, query.Topic, cancellationToken),
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: "members.csv");
    }
}
