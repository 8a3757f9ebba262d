using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Members;

/// <summary>
/// The member rows in Table Storage (the email index is <see cref="MemberEmailIndex"/>, the consent ledger
/// <see cref="ConsentLedger"/>). Expected outcomes (id taken, row changed concurrently) are return values; anything else escapes.
/// </summary>
public sealed class MemberStore(TableServiceClient tables, StorageNames names)
{
    private readonly ProvisionedTable _members = new(tables, names.Members);

    public async Task<MemberEntity?> GetAsync(string memberId, CancellationToken cancellationToken = default)
    {
        if (!IsValidMemberId(memberId))
        {
            return null;
        }

        var table = await _members.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<MemberEntity>(memberId, MemberEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Inserts a new member; false when the id exists already.</summary>
    public async Task<bool> TryAddAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        var table = await _members.GetClientAsync(cancellationToken);
        return await table.TryAddAsync(member, cancellationToken);
    }

    /// <summary>
    /// Replaces a member read earlier; false when it changed or vanished since (ETag). A replace whose answer was lost is
    /// sent again by the storage client and meets its own change (412): the row's <see cref="MemberEntity.ChangeId"/> tells
    /// it from another writer's, so that it is reported as done, not as a conflict to be taken back.
    /// </summary>
    public async Task<bool> TryReplaceAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var table = await _members.GetClientAsync(cancellationToken);
        member.ChangeId = Guid.NewGuid().ToString("N");
        if (await table.TryReplaceAsync(member, cancellationToken))
        {
            return true;
        }

        var stored = await GetAsync(member.MemberId, cancellationToken);
        if (stored is null || stored.ChangeId != member.ChangeId)
        {
            return false;
        }

        member.ETag = stored.ETag;
        return true;
    }

    /// <summary>
    /// Pending registrations created before <paramref name="createdBefore"/>, a page (at most 1,000 rows) at a time, with
    /// only the columns a purge decides on: no address, no name. Each row keeps its ETag for <see cref="TryDeletePendingAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<MemberEntity>> ListPendingPagesAsync(
        DateTimeOffset createdBefore, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _members.GetClientAsync(cancellationToken);
        var pending = nameof(MemberStatus.Pending);
        var filter = TableClient.CreateQueryFilter<MemberEntity>(e => e.RowKey == MemberEntity.Row && e.Status == pending && e.CreatedAt < createdBefore);
        await foreach (var page in table.QueryAsync<MemberEntity>(filter, 1000, PurgeColumns, cancellationToken).AsPages(pageSizeHint: 1000))
        {
            yield return page.Values;
        }
    }

    /// <summary>Deletes the member row whatever its state (an erase); a row already gone is fine.</summary>
    public async Task DeleteAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var members = await _members.GetClientAsync(cancellationToken);
        try
        {
            await members.DeleteEntityAsync(memberId, MemberEntity.Row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already deleted by a concurrent or earlier erase.
        }
    }

    /// <summary>
    /// Deletes a pending registration's row as <see cref="ListPendingPagesAsync"/> read it, only if unchanged since (its
    /// ETag): a registration confirmed, or sent its link again, meanwhile stays. False when the row changed or is gone.
    /// </summary>
    public async Task<bool> TryDeletePendingAsync(MemberEntity pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.MemberStatus != MemberStatus.Pending || pending.ETag == default || pending.ETag == ETag.All)
        {
            // A delete without a real ETag is unconditional: it could remove a member confirmed a moment ago.
            throw new ArgumentException("Only a pending registration as read, with its ETag, can be purged.", nameof(pending));
        }

        var members = await _members.GetClientAsync(cancellationToken);
        try
        {
            await members.DeleteEntityAsync(pending.MemberId, MemberEntity.Row, pending.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>One page of members, filtered by status and country on the server.</summary>
    public async Task<(IReadOnlyList<MemberEntity> Members, string? ContinuationToken)> ListPageAsync(
        MemberStatus? status, string? country, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var table = await _members.GetClientAsync(cancellationToken);
        var filter = ListFilter(status, country);
        await foreach (var page in table.QueryAsync<MemberEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values, page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Every member matching the filter, page by page (never the whole table in memory).</summary>
    public async IAsyncEnumerable<MemberEntity> ListAllAsync(
        MemberStatus? status, string? country, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _members.GetClientAsync(cancellationToken);
        await foreach (var member in table.QueryAsync<MemberEntity>(ListFilter(status, country), 1000, cancellationToken: cancellationToken))
        {
            yield return member;
        }
    }

    /// <summary>
    /// Confirmed members who subscribed to the newsletter, a page (at most 1,000 rows) at a time, so that no
    /// caller ever holds the whole list. Suppression is checked by the caller (<see cref="MemberEntity.ReceivesNewsletter"/>).
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<MemberEntity>> ListSubscriberPagesAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _members.GetClientAsync(cancellationToken);
        var confirmed = nameof(MemberStatus.Confirmed);
        var filter = TableClient.CreateQueryFilter<MemberEntity>(e => e.RowKey == MemberEntity.Row && e.Status == confirmed && e.Newsletter);
        await foreach (var page in table.QueryAsync<MemberEntity>(filter, 1000, SubscriberColumns, cancellationToken).AsPages(pageSizeHint: 1000))
        {
            yield return page.Values;
        }
    }

    // What a purge decides on and deletes by: no address, no name.
    private static readonly string[] PurgeColumns =
    [
        nameof(MemberEntity.PartitionKey), nameof(MemberEntity.RowKey), nameof(MemberEntity.EmailKey), nameof(MemberEntity.Status),
        nameof(MemberEntity.CreatedAt), nameof(MemberEntity.LastConfirmationSentAt),
    ];

    // What a newsletter send needs of a member, and no more: less to transfer and to deserialize per page.
    private static readonly string[] SubscriberColumns =
    [
        nameof(MemberEntity.PartitionKey), nameof(MemberEntity.RowKey), nameof(MemberEntity.Email), nameof(MemberEntity.Language),
        nameof(MemberEntity.Topics), nameof(MemberEntity.Status), nameof(MemberEntity.Newsletter), nameof(MemberEntity.NewsletterSuppressed),
        nameof(MemberEntity.LinkGeneration),
    ];

    public static bool IsValidMemberId(string? memberId) =>
        memberId is { Length: 32 } && memberId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static string NewMemberId() => Guid.NewGuid().ToString("N");

    private static string ListFilter(MemberStatus? status, string? country)
    {
        var statusName = status?.ToString();
        return (statusName, country) switch
        {
            (null, null) => TableClient.CreateQueryFilter<MemberEntity>(e => e.RowKey == MemberEntity.Row),
            (not null, null) => TableClient.CreateQueryFilter<MemberEntity>(e => e.RowKey == MemberEntity.Row && e.Status == statusName),
            (null, not null) => TableClient.CreateQueryFilter<MemberEntity>(e => e.RowKey == MemberEntity.Row && e.Country == country),
            _ => TableClient.CreateQueryFilter<MemberEntity>(e => e.RowKey == MemberEntity.Row && e.Status == statusName && e.Country == country),
        };
    }
}
