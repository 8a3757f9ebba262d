using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Console;

/// <summary>
/// Row of the <c>ConsoleSessions</c> table: an unused sign-in link (PartitionKey <c>sign-in</c>) or an open session
/// (PartitionKey <c>session</c>), keyed by the SHA-256 of its secret, so the table alone opens nothing.
/// </summary>
public sealed class ConsoleSessionEntity : ITableEntity
{
    public const string SignInPartition = "sign-in";
    public const string SessionPartition = "session";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string OperatorId { get; set; } = "";
    public string OperatorLabel { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When a sign-in link was used: it opens nothing after that.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    public Operator ToOperator() => new(OperatorId, OperatorLabel);
}
