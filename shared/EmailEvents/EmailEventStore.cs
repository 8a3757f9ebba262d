using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.EmailEvents;

/// <summary>What a delivery's claim of an event found.</summary>
public abstract record EventClaim
{
    private EventClaim()
    {
    }

    /// <summary>This delivery inserted the event's row: it applies the event, then marks the row.</summary>
    public sealed record Claimed(EmailEventEntity Row) : EventClaim;

    /// <summary>The claim of a delivery that never marked the event had lapsed; this delivery took it over and applies the event.</summary>
    public sealed record TakenOver(EmailEventEntity Row) : EventClaim;

    /// <summary>The event was applied before: a duplicate.</summary>
    public sealed record Applied : EventClaim;

    /// <summary>Another delivery holds the claim and did not mark the event within the wait.</summary>
    public sealed record HeldElsewhere : EventClaim;
}

/// <summary>The events already received, per member. Expected outcomes (already there, claimed elsewhere) are return values.</summary>
public sealed class EmailEventStore(TableServiceClient tables, StorageNames names, TimeProvider time)
{
    private const int MaxClaimAttempts = 20;

    private readonly ProvisionedTable _events = new(tables, names.EmailEvents);

    /// <summary>The row key of an event id: lowercase hex SHA-256 of its UTF-8 bytes, valid in any table key.</summary>
    public static string RowKeyOf(string eventId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));

    public async Task<EmailEventEntity?> GetAsync(string memberId, string rowKey, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<EmailEventEntity>(memberId, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// Claims an event for this delivery: inserts <paramref name="candidate"/> (claimed for <paramref name="duration"/>),
    /// or takes over a lapsed claim under the row's ETag; both return the row with its new ETag. A claim held by another
    /// delivery is waited for, polling, until the <see cref="Stopwatch"/> timestamp <paramref name="waitUntil"/>: that
    /// delivery's mark usually follows within milliseconds.
    /// </summary>
    public async Task<EventClaim> ClaimAsync(
        EmailEventEntity candidate, TimeSpan duration, long waitUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var pause = TimeSpan.FromMilliseconds(50);
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var row = await GetAsync(candidate.PartitionKey, candidate.RowKey, cancellationToken);
            if (row is null)
            {
                candidate.ClaimedUntil = now + duration;
                if (await TryAddAsync(candidate, cancellationToken))
                {
                    return new EventClaim.Claimed(candidate);
                }

                continue;
            }

            if (row.AppliedAt is not null)
            {
                return new EventClaim.Applied();
            }

            if (row.ClaimedUntil is null || row.ClaimedUntil <= now)
            {
                // The delivery that claimed it died before marking it (or the row predates claims).
                row.ClaimedUntil = now + duration;
                if (await TryReplaceAsync(row, cancellationToken))
                {
                    return new EventClaim.TakenOver(row);
                }

                continue;
            }

            if (Stopwatch.GetTimestamp() >= waitUntil)
            {
                break;
            }

            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
        }

        return new EventClaim.HeldElsewhere();
    }

    /// <summary>Inserts an event's row, which claims it; false when a row of that event exists already (another delivery).</summary>
    public async Task<bool> TryAddAsync(EmailEventEntity row, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        return await table.TryAddAsync(row, cancellationToken);
    }

    /// <summary>Replaces a row read earlier (a lapsed claim taken over, a claim renewed); false when it changed since (ETag).</summary>
    public async Task<bool> TryReplaceAsync(EmailEventEntity row, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        return await table.TryReplaceAsync(row, cancellationToken);
    }

    /// <summary>
    /// Marks the event's effect as in place, if the row is still as this delivery claimed it (its ETag); false when
    /// another delivery took the claim over meanwhile.
    /// </summary>
    public async Task<bool> TryMarkAppliedAsync(EmailEventEntity row, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var table = await _events.GetClientAsync(cancellationToken);

        // A replace, not a merge: a merge leaves out null properties, and the claim must go.
        var (claimedUntil, appliedAt) = (row.ClaimedUntil, row.AppliedAt);
        row.AppliedAt = at;
        row.ClaimedUntil = null;
        if (await table.TryReplaceAsync(row, cancellationToken))
        {
            return true;
        }

        (row.ClaimedUntil, row.AppliedAt) = (claimedUntil, appliedAt);
        return false;
    }

    /// <summary>How many distinct events of an effect the member has had (received, applied or not), leaving out lifted ones.</summary>
    public async Task<int> CountAsync(string memberId, EmailEventEffect effect, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var row in ListAsync(memberId, effect, cancellationToken))
        {
            count += row.LiftedAt is null ? 1 : 0;
        }

        return count;
    }

    /// <summary>The member's rows, oldest key first (events, and the records of lifted suppressions).</summary>
    public async IAsyncEnumerable<EmailEventEntity> ListAsync(
        string memberId, EmailEventEffect? effect = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var effectName = effect?.ToString();
        var filter = effectName is null
            ? TableClient.CreateQueryFilter<EmailEventEntity>(e => e.PartitionKey == memberId)
            : TableClient.CreateQueryFilter<EmailEventEntity>(e => e.PartitionKey == memberId && e.Effect == effectName);
        await foreach (var row in table.QueryAsync<EmailEventEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>Marks the member's soft bounces as lifted (merging only that field; marking twice is harmless).</summary>
    public async Task LiftSoftBouncesAsync(string memberId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        await foreach (var row in ListAsync(memberId, EmailEventEffect.SoftBounce, cancellationToken))
        {
            if (row.LiftedAt is null)
            {
                var patch = new TableEntity(row.PartitionKey, row.RowKey) { [nameof(EmailEventEntity.LiftedAt)] = at };
                await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
        }
    }

    /// <summary>Deletes one row whatever its state (a record withdrawn because its change was not saved).</summary>
    public async Task DeleteAsync(string memberId, string rowKey, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        await table.DeleteEntityAsync(memberId, rowKey, ETag.All, cancellationToken);
    }

    /// <summary>Deletes every row of the member (erase); a row already gone is fine, so a retried erase completes.</summary>
    public async Task DeleteAllAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var keys = new List<string>();
        var filter = TableClient.CreateQueryFilter<EmailEventEntity>(e => e.PartitionKey == memberId);
        await foreach (var row in table.QueryAsync<EmailEventEntity>(filter, select: [nameof(EmailEventEntity.RowKey)], cancellationToken: cancellationToken))
        {
            keys.Add(row.RowKey);
        }

        foreach (var key in keys)
        {
            // A row deleted meanwhile (a concurrent erase) answers 404, which DeleteEntityAsync does not throw for.
            await table.DeleteEntityAsync(memberId, key, ETag.All, cancellationToken);
        }
    }
}
