using Azure;

namespace CoP.Shared.Members;

/// <summary>The operators' member list filters: status and country filter on the server, topic within each page.</summary>
public sealed record MemberListQuery(MemberStatus? Status, string? Topic, string? Country, int PageSize, string? ContinuationToken);

/// <summary>One page of the operators' member list, or a continuation token the storage service did not accept.</summary>
public abstract record MemberListPage
{
    private MemberListPage()
    {
    }

    /// <summary>The members of the page (it may hold fewer than the page size when a topic filters it) and where the next starts.</summary>
    public sealed record Page(IReadOnlyList<Member> Members, string? ContinuationToken) : MemberListPage;

    /// <summary>The continuation token is not one the storage service gave (or it expired).</summary>
    public sealed record BadContinuation : MemberListPage;
}

/// <summary>Lists members for operators, page by page.</summary>
public sealed class MemberListing(MemberStore store)
{
    public async Task<MemberListPage> ListPageAsync(MemberListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var (members, next) = await store.ListPageAsync(query.Status, query.Country, query.ContinuationToken, query.PageSize, cancellationToken);
            var page = members
                .Where(m => query.Topic is null || m.Topics.Split(',').Contains(query.Topic, StringComparer.Ordinal))
                .Select(m => m.ToMember())
                .ToList();
            return new MemberListPage.Page(page, next);
        }
        catch (RequestFailedException e) when (e.Status == 400 && query.ContinuationToken is not null)
        {
            return new MemberListPage.BadContinuation();
        }
    }
}
