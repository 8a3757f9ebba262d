using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Events.Reminders;

/// <summary>What claiming one reminder mail came to.</summary>
public abstract record ReminderClaim
{
    private ReminderClaim()
    {
    }

    /// <summary>This run holds the claim and queues the mail.</summary>
    public sealed record Claimed(EventReminderEntity Row) : ReminderClaim;

    /// <summary>The mail was queued before: nothing to do.</summary>
    public sealed record AlreadyQueued : ReminderClaim;

    /// <summary>Another run claimed it a moment ago and is queueing it.</summary>
    public sealed record HeldByAnotherRun : ReminderClaim;
}

/// <summary>The claims of reminder mails (<c>EventReminders</c>): inserted before a mail is queued, marked once it is.</summary>
public sealed class EventReminderStore(TableServiceClient tables, StorageNames names, TimeProvider time)
{
    /// <summary>
    /// How long a claim without its mail queued belongs to the run that made it. A run claims and queues within seconds;
    /// one that died in between (or timed out) leaves its claims to the next run, which queues the same mail ids.
    /// </summary>
    public static readonly TimeSpan TakeOverAfter = TimeSpan.FromMinutes(5);

    private readonly ProvisionedTable _reminders = new(tables, names.EventReminders);

    /// <summary>
    /// Claims the mail of <paramref name="rowKey"/> in <paramref name="eventId"/>'s partition for <paramref name="runId"/>:
    /// by inserting the row, by finding it inserted by this run (a retried insert whose answer was lost), or by taking
    /// over a claim that another run left without queueing its mail for longer than <see cref="TakeOverAfter"/>.
    /// </summary>
    public async Task<ReminderClaim> TryClaimAsync(string eventId, string rowKey, string runId, CancellationToken cancellationToken = default)
    {
        var table = await _reminders.GetClientAsync(cancellationToken);
        var now = time.GetUtcNow();
        var row = new EventReminderEntity { PartitionKey = eventId, RowKey = rowKey, RunId = runId, ClaimedAt = now };
        if (await table.TryAddAsync(row, cancellationToken))
        {
            return new ReminderClaim.Claimed(row);
        }

        var found = await table.GetEntityIfExistsAsync<EventReminderEntity>(eventId, rowKey, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            // Deleted meanwhile: nothing deletes claims, so this is a store being reset; claim again next run.
            return new ReminderClaim.HeldByAnotherRun();
        }

        var existing = found.Value!;
        if (existing.QueuedAt is not null)
        {
            return new ReminderClaim.AlreadyQueued();
        }

        if (existing.RunId == runId)
        {
            return new ReminderClaim.Claimed(existing);
        }

        if (now - existing.ClaimedAt < TakeOverAfter)
        {
            return new ReminderClaim.HeldByAnotherRun();
        }

        // Take-over under the row's ETag: of later runs at once, one takes it.
        existing.RunId = runId;
        existing.ClaimedAt = now;
        return await table.TryReplaceAsync(existing, cancellationToken) ? new ReminderClaim.Claimed(existing) : new ReminderClaim.HeldByAnotherRun();
    }

    /// <summary>Marks a claimed mail as queued; unconditional, since the mail is in the queue whoever wrote meanwhile.</summary>
    public async Task MarkQueuedAsync(EventReminderEntity claimed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        claimed.QueuedAt = time.GetUtcNow();
        var table = await _reminders.GetClientAsync(cancellationToken);
        await table.UpsertEntityAsync(claimed, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The claims of one event, keyed by row.</summary>
    public async Task<IReadOnlyDictionary<string, EventReminderEntity>> ListAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var table = await _reminders.GetClientAsync(cancellationToken);
        var rows = new Dictionary<string, EventReminderEntity>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<EventReminderEntity>(e => e.PartitionKey == eventId, cancellationToken: cancellationToken))
        {
            rows[row.RowKey] = row;
        }

        return rows;
    }
}
