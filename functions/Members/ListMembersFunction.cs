using Azure;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// GET /api/manage/members (function key): members page by page, filtered by status, topic and country.
/// Status and country filter on the server; topic within each page, so a page may hold fewer than pageSize.
/// </summary>
public sealed class ListMembersFunction(MemberStore store)
{
    [Function(nameof(ListMembers))]
    public async Task<IResult> ListMembers(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/members")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (query, problem) = MemberListQuery.Read(request);
        if (query is null)
        {
            return problem!;
        }

        try
        {
            var (members, next) = await store.ListPageAsync(query.Status, query.Country, query.ContinuationToken, query.PageSize, cancellationToken);
            var page = members
                .Where(m => query.Topic is null || m.Topics.Split(',').Contains(query.Topic, StringComparer.Ordinal))
                .Select(m => ProfileResponse.From(m.ToMember()))
                .ToList();
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new MemberPage(page, QueryParameters.EncodeContinuation(next)));
        }
        catch (RequestFailedException e) when (e.Status == 400 && query.ContinuationToken is not null)
        {
            return QueryParameters.ContinuationRefused();
        }
    }

    public sealed record MemberPage(IReadOnlyList<ProfileResponse> Members, string? ContinuationToken);
}
