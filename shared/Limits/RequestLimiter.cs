using Azure;
using Azure.Data.Tables;
using CoP.Shared.Privacy;
using CoP.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Limits;

/// <summary>
/// Counts requests that make the app send transactional mail, per client and for all clients together, in clock-hour
/// windows kept in Table Storage (<see cref="RequestLimitEntity"/>), so that every instance of the app sees one count.
/// An acquisition costs one query and one entity-group transaction; a refused one, the query only.
/// </summary>
/// <remarks>
/// Both writes are conditional on the ETags read, and a conflict is retried with a fresh read. The client's count is
/// one row, so it is exact under any concurrency. The global count is spread over <see cref="GlobalShards"/> rows so
/// that unrelated clients rarely write the same row; an acquisition checks the sum but writes one shard, so concurrent
/// acquisitions on different shards may each see the sum one below the cap: the cap can be overshot by at most one per
/// shard, which a safety cap can afford. A conflict means that another acquisition succeeded, so retries cannot go on
/// for ever; <see cref="MaxAttempts"/> bounds them in a burst far beyond the limits, where a request that keeps losing
/// is refused (<see cref="LimitKind.Contention"/>): that never lets more through than the limits, only fewer.
/// </remarks>
public sealed partial class RequestLimiter(
    TableServiceClient tables,
    StorageNames names,
    IOptions<LimitsOptions> options,
    Pseudonymizer pseudonymizer,
    TimeProvider time,
    ILogger<RequestLimiter> logger)
{
    /// <summary>Rows the global count is spread over; the most the global cap can be overshot by.</summary>
    public const int GlobalShards = 32;

    /// <summary>Attempts before a request that keeps losing the race is refused (<see cref="LimitKind.Contention"/>).</summary>
    public const int MaxAttempts = 32;

    private const string ClientKeyPurpose = "request-limit-client";

    private readonly ProvisionedTable _limits = new(tables, names.RequestLimits);

    /// <summary>
    /// How long this instance trusts what it last read of the global count. Within it, a request from a client this
    /// hour has not seen costs one write instead of a read and a write: the global cap can then be overshot by what
    /// other instances admitted in that time, besides the one per shard above.
    /// </summary>
    public static readonly TimeSpan GlobalCountFreshness = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private GlobalCount? _known;

    /// <summary>
    /// Counts one request of <paramref name="clientKey"/> (e.g. its address), or says why it may not be made and for how
    /// long. The key is stored only as a keyed hash.
    /// </summary>
    public async Task<LimitDecision> TryAcquireAsync(string clientKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientKey);
        var settings = options.Value;
        var clientRow = RequestLimitEntity.ClientRow(pseudonymizer.Hash(ClientKeyPurpose, clientKey, 16));
        var table = await _limits.GetClientAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            // The window is taken again on every attempt: a retry after the hour turned counts in the new hour.
            var now = time.GetUtcNow();
            var windowStart = RequestLimitEntity.WindowStart(now);
            var retryAfter = windowStart.AddHours(1) - now;
            var partition = RequestLimitEntity.PartitionOf(windowStart);

            // First try the one-write path: the client as new this hour (an insert, which fails if it is not) and the
            // global count as this instance last saw it. Any surprise falls back to reading what is there.
            var known = attempt == 1 ? Known(partition, now) : null;
            if (known is not null)
            {
                if (known.Sum >= settings.GlobalMailsPerHour)
                {
                    return Limited(LimitKind.GlobalMail, retryAfter);
                }

                if (await TryCountAsync(table, partition, clientRow, client: null, known.Shards, now, cancellationToken))
                {
                    return LimitDecision.Allowed;
                }
            }

            var rows = await ReadAsync(table, partition, clientRow, cancellationToken);
            var shards = rows.Where(r => r.IsShard).ToList();
            Remember(partition, shards, now);
            var client = rows.FirstOrDefault(r => r.RowKey == clientRow);
            if (client?.Count >= settings.PerClientPerHour)
            {
                return Limited(LimitKind.PerClient, retryAfter);
            }

            if (shards.Sum(r => (long)r.Count) >= settings.GlobalMailsPerHour)
            {
                return Limited(LimitKind.GlobalMail, retryAfter);
            }

            if (await TryCountAsync(table, partition, clientRow, client, shards, now, cancellationToken))
            {
                return LimitDecision.Allowed;
            }

            if (attempt == MaxAttempts)
            {
                return Limited(LimitKind.Contention, retryAfter);
            }

            await Task.Delay(Backoff(attempt), cancellationToken);
        }
    }

    /// <summary>
    /// One transaction: the client's row incremented (inserted when <paramref name="client"/> is null, which fails if
    /// the row exists) and one random shard of the global count. True when both were written as read.
    /// </summary>
    private async Task<bool> TryCountAsync(
        TableClient table, string partition, string clientRow, RequestLimitEntity? client, IReadOnlyList<RequestLimitEntity> shards, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Not a secret, just a spread: a random shard per attempt moves a retry away from the row it lost on.
        var shardRow = RequestLimitEntity.ShardRow(Random.Shared.Next(GlobalShards));
        var shard = shards.FirstOrDefault(r => r.RowKey == shardRow);
        var shardAction = Increment(shard is null ? null : new RequestLimitEntity { PartitionKey = partition, RowKey = shardRow, Count = shard.Count, ETag = shard.ETag }, partition, shardRow);
        if (!await table.TrySubmitTransactionAsync([Increment(client, partition, clientRow), shardAction], cancellationToken))
        {
            return false;
        }

        Remember(partition, [(RequestLimitEntity)shardAction.Entity], now, merge: true);
        return true;
    }

    /// <summary>What this instance last read or wrote of the hour's global count, if recent enough to trust.</summary>
    private GlobalCount? Known(string partition, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _known is { } known && known.Partition == partition && now - known.ReadAt < GlobalCountFreshness ? known : null;
        }
    }

    /// <summary>Keeps the shards read (or, with <paramref name="merge"/>, one shard written) as this instance's view of the global count.</summary>
    private void Remember(string partition, IReadOnlyList<RequestLimitEntity> shards, DateTimeOffset now, bool merge = false)
    {
        lock (_gate)
        {
            if (merge)
            {
                if (_known is not { } known || known.Partition != partition)
                {
                    return;
                }

                var kept = known.Shards.Where(s => shards.All(w => w.RowKey != s.RowKey)).Concat(shards).ToList();
                _known = known with { Shards = kept, Sum = kept.Sum(s => (long)s.Count) };
                return;
            }

            _known = new GlobalCount(partition, now, shards, shards.Sum(s => (long)s.Count));
        }
    }

    /// <summary>
    /// Deletes the counters of every hour before the current one (a daily housekeeping job calls it); returns how many
    /// hours were deleted. A counter written into a past hour while this runs is left to the next run.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        var table = await _limits.GetClientAsync(cancellationToken);
        var current = RequestLimitEntity.PartitionOf(RequestLimitEntity.WindowStart(time.GetUtcNow()));
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {current}");
        var batch = new List<TableTransactionAction>(100);
        var hours = 0;
        string? partition = null;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            // A transaction holds at most 100 actions, all in one partition.
            if (batch.Count > 0 && (row.PartitionKey != partition || batch.Count == 100))
            {
                await DeleteAsync(table, batch, cancellationToken);
            }

            if (row.PartitionKey != partition)
            {
                partition = row.PartitionKey;
                hours++;
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
        }

        if (batch.Count > 0)
        {
            await DeleteAsync(table, batch, cancellationToken);
        }

        LogPurged(logger, hours);
        return hours;
    }

    private static async Task<List<RequestLimitEntity>> ReadAsync(TableClient table, string partition, string clientRow, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and (RowKey eq {clientRow} or (RowKey ge {RequestLimitEntity.ShardPrefix} and RowKey lt {RequestLimitEntity.AfterShards}))");
        var rows = new List<RequestLimitEntity>(GlobalShards + 1);
        await foreach (var row in table.QueryAsync<RequestLimitEntity>(filter, maxPerPage: 100, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static TableTransactionAction Increment(RequestLimitEntity? row, string partition, string rowKey)
    {
        if (row is null)
        {
            return new TableTransactionAction(TableTransactionActionType.Add, new RequestLimitEntity { PartitionKey = partition, RowKey = rowKey, Count = 1 });
        }

        row.Count++;
        return new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag);
    }

    private static async Task DeleteAsync(TableClient table, List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        // Fails only when a row went meanwhile (a second purge): what is left goes on the next run.
        await table.TrySubmitTransactionAsync(batch, cancellationToken);
        batch.Clear();
    }

    /// <summary>A short random pause that grows with the attempts, so that a burst's losers do not collide again at once.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(5 << Math.Min(attempt, 6), 250);
        return TimeSpan.FromMilliseconds(Random.Shared.Next(1, ceiling));
    }

    private LimitDecision Limited(LimitKind limit, TimeSpan retryAfter)
    {
        if (limit == LimitKind.PerClient)
        {
            LogClientLimited(logger, retryAfter);
        }
        else
        {
            LogLimited(logger, limit, retryAfter);
        }

        return LimitDecision.Limited(limit, retryAfter);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Request refused: the client reached its hourly limit (free again in {RetryAfter})")]
    private static partial void LogClientLimited(ILogger logger, TimeSpan retryAfter);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Request refused by the {Limit} limit (free again in {RetryAfter})")]
    private static partial void LogLimited(ILogger logger, LimitKind limit, TimeSpan retryAfter);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Request limit counters of {Hours} past hours deleted")]
    private static partial void LogPurged(ILogger logger, int hours);

    /// <summary>One instance's view of an hour's global count: the shards' rows (with their ETags) and their sum.</summary>
    private sealed record GlobalCount(string Partition, DateTimeOffset ReadAt, IReadOnlyList<RequestLimitEntity> Shards, long Sum);
}
