using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Validation;
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
        switch (MemberListQueryReader.Read(request))
        {
            case Validated<MemberListQuery>.Invalid { Errors: var errors }:
                return Problems.Validation(errors.ToDictionary());
            case Validated<MemberListQuery>.Valid { Value: var query }:
                request.HttpContext.Response.Headers.CacheControl = "no-store";
                return TypedResults.Stream(
                    stream => exporter.WriteAsync(stream, query.Status, query.Country, query.Topic, cancellationToken),
                    contentType: "text/csv; charset=utf-8",
                    fileDownloadName: "members.csv");
            default:
                throw new UnreachableException();
        }
    }
}
