using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Members;

/// <summary>
/// Members, their email index and their consent ledger in Table Storage. Expected outcomes (address
/// already taken, row changed concurrently) are return values; anything else escapes.
/// </summary>
public sealed class MemberStore(TableServiceClient tables, StorageNames names)
{
    private readonly ProvisionedTable _members = new(tables, names.Members);
    private readonly ProvisionedTable _emails = new(tables, names.MemberEmails);
    private readonly ProvisionedTable _ledger = new(tables, names.ConsentLedger);

    /// <summary>Claims an address for a member id; false when it is already claimed.</summary>
    public async Task<bool> TryClaimEmailAsync(string emailKey, string memberId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await _emails.GetClientAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(new MemberEmailEntity { PartitionKey = emailKey, MemberId = memberId, ClaimedAt = now }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<MemberEmailEntity?> FindEmailAsync(string emailKey, CancellationToken cancellationToken = default)
    {
        var table = await _emails.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<MemberEmailEntity>(emailKey, MemberEmailEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Releases a claim whose member never appeared (a registration that crashed half-way), unless it changed.</summary>
    public async Task<bool> TryReleaseEmailAsync(MemberEmailEntity claim, CancellationToken cancellationToken = default)
    {
        var table = await _emails.GetClientAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, claim.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

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
    /// Appends consent events that happened together, in order, in one transaction, and returns their row keys. Rows
    /// are only ever inserted, so the ledger is never rewritten; the row key sorts by time, then by position.
    /// </summary>
    public Task<IReadOnlyList<string>> AppendConsentAsync(
        string memberId, IReadOnlyList<ConsentEvent> consentEvents, string policyVersion, string ipHash, string channel, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        AppendConsentAsync(memberId, consentEvents, policyVersion, ipHash, channel, at, once: null, cancellationToken);

    /// <summary>
    /// Appends consent events as above. With a <paramref name="once"/> key (for an event that can happen only once, e.g.
    /// a confirmation at its saved time) concurrent writers of the same event write it once: the later insert
    /// conflicts and is taken as done (and returns no row keys).
    /// </summary>
    public async Task<IReadOnlyList<string>> AppendConsentAsync(
        string memberId, IReadOnlyList<ConsentEvent> consentEvents, string policyVersion, string ipHash, string channel, DateTimeOffset at, string? once, CancellationToken cancellationToken = default)
    {
        var table = await _ledger.GetClientAsync(cancellationToken);
        var batch = once ?? Guid.NewGuid().ToString("N");
        var actions = consentEvents.Select((consentEvent, position) => new TableTransactionAction(
            TableTransactionActionType.Add,
            new ConsentEventEntity
            {
                PartitionKey = memberId,
                RowKey = $"{at.UtcTicks:D19}-{position:D2}-{batch}",
                Event = ConsentEvents.Name(consentEvent),
                At = at,
                PolicyVersion = policyVersion,
                IpHash = ipHash,
                Channel = channel,
            })).ToList();
        try
        {
            if (actions.Count == 1)
            {
                await table.AddEntityAsync((ConsentEventEntity)actions[0].Entity, cancellationToken);
            }
            else
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
            }
        }
        catch (Exception e) when (e is RequestFailedException { Status: 409 } or TableTransactionFailedException { Status: 409 })
        {
            if (once is not null)
            {
                return []; // Recorded by a concurrent writer of the same event (or by us): nothing to take back.
            }

            // The row keys end in a random batch id: only our own insert, sent again after its answer was lost, can meet them.
        }

        return [.. actions.Select(a => a.Entity.RowKey)];
    }

    /// <summary>
    /// Takes back consent rows appended for a change that was then not saved (its row changed meanwhile), so that a
    /// retried change does not leave one record per attempt. The only removal the ledger knows.
    /// </summary>
    public async Task WithdrawConsentAsync(string memberId, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken = default)
    {
        var table = await _ledger.GetClientAsync(cancellationToken);
        foreach (var rowKey in rowKeys)
        {
            try
            {
                await table.DeleteEntityAsync(memberId, rowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Never written, or taken back already.
            }
        }
    }

    public async Task<IReadOnlyList<ConsentEventEntity>> ConsentHistoryAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _ledger.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<ConsentEventEntity>(e => e.PartitionKey == memberId);
        var events = new List<ConsentEventEntity>();
        await foreach (var row in table.QueryAsync<ConsentEventEntity>(filter, cancellationToken: cancellationToken))
        {
            events.Add(row);
        }

        return events;
    }

    /// <summary>
    /// Records the member's erase in the consent ledger under a fixed row key, so that of concurrent erases
    /// exactly one records it (an insert either wins or gets 409, also on Azurite). False when recorded before, by
    /// another erase: an insert of ours whose answer was lost, sent again by the storage client, meets its own row
    /// (409), which its <see cref="ConsentEventEntity.WriteId"/> tells from another erase's.
    /// </summary>
    public async Task<bool> TryRecordEraseAsync(string memberId, string policyVersion, string channel, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await _ledger.GetClientAsync(cancellationToken);
        var writeId = Guid.NewGuid().ToString("N");
        try
        {
            // No IP hash: after the erase nothing may tie the record to where the person was.
            await table.AddEntityAsync(
                new ConsentEventEntity
                {
                    PartitionKey = memberId,
                    RowKey = ConsentEventEntity.EraseRow,
                    Event = ConsentEvents.Name(ConsentEvent.Erase),
                    At = at,
                    PolicyVersion = policyVersion,
                    IpHash = "",
                    Channel = channel,
                    WriteId = writeId,
                },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var recorded = await table.GetEntityIfExistsAsync<ConsentEventEntity>(memberId, ConsentEventEntity.EraseRow, cancellationToken: cancellationToken);
            return recorded.HasValue && recorded.Value!.WriteId == writeId;
        }
    }

    /// <summary>
    /// Blanks the IP hashes of the member's consent records, the one field of theirs that came from the person: the
    /// events, times, policy versions and channels stay as the record of consent given and withdrawn. Idempotent.
    /// </summary>
    public async Task ForgetConsentOriginsAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _ledger.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<ConsentEventEntity>(e => e.PartitionKey == memberId);
        await foreach (var row in table.QueryAsync<ConsentEventEntity>(filter, select: [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey), nameof(ConsentEventEntity.IpHash)], cancellationToken: cancellationToken))
        {
            if (row.IpHash.Length > 0)
            {
                var patch = new TableEntity(row.PartitionKey, row.RowKey) { [nameof(ConsentEventEntity.IpHash)] = "" };
                await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Removes a member's personal data: the member row, then the email index if it still points to this
    /// member (so a re-registration is never undone). Idempotent: rows already gone are fine, so a retry after
    /// a crash completes the erase.
    /// </summary>
    public async Task DeletePersonalDataAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        var members = await _members.GetClientAsync(cancellationToken);
        try
        {
            await members.DeleteEntityAsync(member.MemberId, MemberEntity.Row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already deleted by a concurrent or earlier erase.
        }

        await ReleaseEmailOfAsync(member, cancellationToken);
    }

    /// <summary>
    /// Pending registrations created before <paramref name="createdBefore"/>, a page (at most 1,000 rows) at a time, with
    /// only the columns a purge decides on: no address, no name. Each row keeps its ETag for <see cref="TryPurgePendingAsync"/>.
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

    /// <summary>
    /// Deletes a pending registration as <see cref="ListPendingPagesAsync"/> read it, with everything it left: its consent
    /// rows and its email index entry (if that still names it). The member row goes first and only if unchanged since
    /// (its ETag): a registration that was confirmed, or sent its link again, meanwhile stays. False when the row changed
    /// or is gone: it is left for the next run.
    /// </summary>
    public async Task<bool> TryPurgePendingAsync(MemberEntity pending, CancellationToken cancellationToken = default)
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
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }

        // The consent rows before the index: should the run stop in between, an index entry without its member is
        // released by the next registration of the address, a consent row would stay for good.
        await DeleteConsentHistoryAsync(pending.MemberId, cancellationToken);
        await ReleaseEmailOfAsync(pending, cancellationToken);
        return true;
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

    /// <summary>Releases the member's email index entry if it still names this member (so a re-registration is never undone).</summary>
    private async Task ReleaseEmailOfAsync(MemberEntity member, CancellationToken cancellationToken)
    {
        var emails = await _emails.GetClientAsync(cancellationToken);
        var index = await emails.GetEntityIfExistsAsync<MemberEmailEntity>(member.EmailKey, MemberEmailEntity.Row, cancellationToken: cancellationToken);
        if (index.HasValue && index.Value!.MemberId == member.MemberId)
        {
            await TryReleaseEmailAsync(index.Value, cancellationToken);
        }
    }

    /// <summary>Deletes every consent row of a member whose registration is purged; rows already gone are fine.</summary>
    private async Task DeleteConsentHistoryAsync(string memberId, CancellationToken cancellationToken)
    {
        var table = await _ledger.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<ConsentEventEntity>(e => e.PartitionKey == memberId);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Deleted by a concurrent purge.
            }
        }
    }

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
