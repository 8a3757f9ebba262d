using Azure;
using CoP.Shared.Privacy;

namespace CoP.Shared.Members;

/// <summary>The operators' member list filters: status and country filter on the server, topic within each page.</summary>
public sealed record MemberListQuery(MemberStatus? Status, string? Topic, string? Country, int PageSize, string? ContinuationToken);

/// <summary>
/// A member as operators see them: the profile, and the newsletter suppression that SendGrid's events put on the address
/// (<paramref name="NewsletterSuppressed"/> is why, null while the newsletter may go; soft bounces counting towards it).
/// </summary>
public sealed record MemberRecord(Member Member, string? NewsletterSuppressed, DateTimeOffset? NewsletterSuppressedAt, int SoftBounces)
{
    public static MemberRecord From(MemberEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.ToMember(), entity.NewsletterSuppressed, entity.NewsletterSuppressedAt, entity.SoftBounces);
    }
}

/// <summary>How many members there are: confirmed, pending, and whose newsletter is suppressed.</summary>
public sealed record MemberCounts(int Confirmed, int Pending, int Suppressed);

/// <summary>One page of the operators' member list, or a continuation token the storage service did not accept.</summary>
public abstract record MemberListPage
{
    private MemberListPage()
    {
    }

    /// <summary>The members of the page (it may hold fewer than the page size when a topic filters it) and where the next starts.</summary>
    public sealed record Page(IReadOnlyList<MemberRecord> Records, string? ContinuationToken) : MemberListPage
    {
        public IReadOnlyList<Member> Members => [.. Records.Select(record => record.Member)];
    }

    /// <summary>The continuation token is not one the storage service gave (or it expired).</summary>
    public sealed record BadContinuation : MemberListPage;
}

/// <summary>Lists and finds members for operators: page by page, by id, or by address through the hashed index.</summary>
public sealed class MemberListing(MemberStore store, MemberEmailIndex emails, Pseudonymizer pseudonymizer)
{
    public async Task<MemberListPage> ListPageAsync(MemberListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var (members, next) = await store.ListPageAsync(query.Status, query.Country, query.ContinuationToken, query.PageSize, cancellationToken);
            var page = members
                .Where(m => query.Topic is null || m.Topics.Split(',').Contains(query.Topic, StringComparer.Ordinal))
                .Select(MemberRecord.From)
                .ToList();
            return new MemberListPage.Page(page, next);
        }
        catch (RequestFailedException e) when (e.Status == 400 && query.ContinuationToken is not null)
        {
            return new MemberListPage.BadContinuation();
        }
    }

    public async Task<MemberRecord?> GetAsync(string memberId, CancellationToken cancellationToken = default) =>
        await store.GetAsync(memberId, cancellationToken) is { } member ? MemberRecord.From(member) : null;

    /// <summary>
    /// The member whose address is <paramref name="email"/>, exactly, as registration compares addresses (trimmed,
    /// composed, whatever the case): through the keyed hash of the address, never a scan. Null for no member, and for
    /// what is no address at all.
    /// </summary>
    public async Task<MemberRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        if (MemberRules.CheckEmail(email, out var normalized) is not null)
        {
            return null;
        }

        var claim = await emails.FindAsync(pseudonymizer.EmailKey(MemberRules.EmailComparisonForm(normalized)), cancellationToken);
        return claim is null ? null : await GetAsync(claim.MemberId, cancellationToken);
    }

    /// <summary>Counts the members (a scan of the member table, as the console's overview makes).</summary>
    public async Task<MemberCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        int confirmed = 0, pending = 0, suppressed = 0;
        await foreach (var member in store.ListAllAsync(null, null, cancellationToken))
        {
            confirmed += member.MemberStatus == MemberStatus.Confirmed ? 1 : 0;
            pending += member.MemberStatus == MemberStatus.Pending ? 1 : 0;
            suppressed += member.NewsletterSuppressed is null ? 0 : 1;
        }

        return new MemberCounts(confirmed, pending, suppressed);
    }
}
