using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// GET /api/manage/members (function key): members page by page, filtered by status, topic and country.
/// Status and country filter on the server; topic within each page, so a page may hold fewer than pageSize.
/// </summary>
public sealed class ListMembersFunction(MemberListing listing)
{
    [Function(nameof(ListMembers))]
    public async Task<IResult> ListMembers(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/members")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return MemberListQueryReader.Read(request) switch
        {
            Validated<MemberListQuery>.Invalid { Errors: var errors } => Problems.Validation(errors.ToDictionary()),
            Validated<MemberListQuery>.Valid { Value: var query } => Answer(request, await listing.ListPageAsync(query, cancellationToken)),
            _ => throw new UnreachableException(),
        };
    }

    private static IResult Answer(HttpRequest request, MemberListPage page)
    {
        switch (page)
        {
            case MemberListPage.Page { Members: var members, ContinuationToken: var next }:
                request.HttpContext.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(new MemberPage(members.Select(ProfileResponse.From).ToList(), QueryParameters.EncodeContinuation(next)));
            case MemberListPage.BadContinuation:
                return QueryParameters.ContinuationRefused();
            default:
                throw new UnreachableException();
        }
    }

    public sealed record MemberPage(IReadOnlyList<ProfileResponse> Members, string? ContinuationToken);
}
