using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Members;

/// <summary>
/// The <c>ConsentLedger</c>: what each member consented to and withdrew, when, under which policy version and from
/// which channel. Append-only, except that a change that was not saved takes its rows back, erasure blanks the IP
/// hashes, and the purge of an expired registration deletes the rows of that registration.
/// </summary>
public sealed class ConsentLedger(TableServiceClient tables, StorageNames names)
{
    private readonly ProvisionedTable _table = new(tables, names.ConsentLedger);

    /// <summary>
    /// Appends consent events that happened together, in order, in one transaction, and returns their row keys. Rows
    /// are only ever inserted, so the ledger is never rewritten; the row key sorts by time, then by position.
    /// </summary>
    public Task<IReadOnlyList<string>> AppendAsync(
        string memberId, IReadOnlyList<ConsentEvent> consentEvents, string policyVersion, string ipHash, string channel, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        AppendAsync(memberId, consentEvents, policyVersion, ipHash, channel, at, once: null, cancellationToken);

    /// <summary>
    /// Appends consent events as above. With a <paramref name="once"/> key (for an event that can happen only once, e.g.
    /// a confirmation at its saved time) concurrent writers of the same event write it once: the later insert
    /// conflicts and is taken as done (and returns no row keys).
    /// </summary>
    public Task<IReadOnlyList<string>> AppendAsync(
        string memberId, IReadOnlyList<ConsentEvent> consentEvents, string policyVersion, string ipHash, string channel, DateTimeOffset at, string? once, CancellationToken cancellationToken = default) =>
        AppendAsync(memberId, consentEvents, policyVersion, ipHash, channel, at, once, source: null, cancellationToken);

    /// <summary>
    /// Records consent brought in by an operator's import: <paramref name="consentEvents"/> at the time the file says
    /// consent was given, from <paramref name="channel"/>, with no IP hash (the person never came here) and with where
    /// consent was given (<paramref name="source"/>). Under a fixed key, so a retried import of the member records it once.
    /// </summary>
    public Task<IReadOnlyList<string>> AppendImportedAsync(
        string memberId, IReadOnlyList<ConsentEvent> consentEvents, string policyVersion, string channel, DateTimeOffset consentedAt, string source, CancellationToken cancellationToken = default) =>
        AppendAsync(memberId, consentEvents, policyVersion, ipHash: "", channel, consentedAt, once: "import", source, cancellationToken);

    private async Task<IReadOnlyList<string>> AppendAsync(
        string memberId, IReadOnlyList<ConsentEvent> consentEvents, string policyVersion, string ipHash, string channel, DateTimeOffset at, string? once, string? source, CancellationToken cancellationToken)
    {
        var table = await _table.GetClientAsync(cancellationToken);
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
                Source = source,
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
    public async Task WithdrawAsync(string memberId, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetClientAsync(cancellationToken);
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

    public async Task<IReadOnlyList<ConsentEventEntity>> HistoryAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetClientAsync(cancellationToken);
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
        var table = await _table.GetClientAsync(cancellationToken);
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
    public async Task ForgetOriginsAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<ConsentEventEntity>(e => e.PartitionKey == memberId);
        await foreach (var row in table.QueryAsync<ConsentEventEntity>(filter, select: [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey), nameof(ConsentEventEntity.IpHash), nameof(ConsentEventEntity.Source)], cancellationToken: cancellationToken))
        {
            // An import's source is an operator's free text, which could name the person: it goes with the IP hash.
            if (row.IpHash.Length > 0 || !string.IsNullOrEmpty(row.Source))
            {
                var patch = new TableEntity(row.PartitionKey, row.RowKey) { [nameof(ConsentEventEntity.IpHash)] = "", [nameof(ConsentEventEntity.Source)] = "" };
                await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
        }
    }

    /// <summary>Deletes every consent row of a member whose registration is purged; rows already gone are fine.</summary>
    public async Task DeleteHistoryAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetClientAsync(cancellationToken);
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
}
