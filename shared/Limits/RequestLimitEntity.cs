using System.Globalization;
using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Limits;

/// <summary>
/// Row of the <c>RequestLimits</c> table: a count of requests in one clock hour (UTC). PartitionKey the hour
/// (<c>yyyyMMddHH</c>: partitions sort by time, so the expired ones are one range query away and go whole). RowKey
/// <c>c</c> plus the keyed hash of a client (that client's count), or <c>g0</c>…<c>g31</c>, the shards whose sum is the
/// global count. An acquisition reads its client's row and the shards in one query (<c>RowKey eq c… or RowKey in
/// [g, h)</c>) and writes its client's row and one shard in one entity-group transaction. Holds no address.
/// </summary>
public sealed class RequestLimitEntity : ITableEntity
{
    public const string ClientPrefix = "c";
    public const string ShardPrefix = "g";

    /// <summary>The first key after every shard's: shards are the rows in [<see cref="ShardPrefix"/>, this).</summary>
    public const string AfterShards = "h";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int Count { get; set; }

    [IgnoreDataMember]
    public bool IsShard => RowKey.StartsWith(ShardPrefix, StringComparison.Ordinal);

    public static string ClientRow(string clientHash) => ClientPrefix + clientHash;

    public static string ShardRow(int shard) => ShardPrefix + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary>The start of the clock hour (UTC) that contains <paramref name="time"/>.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    public static string PartitionOf(DateTimeOffset windowStart) =>
        windowStart.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
}
