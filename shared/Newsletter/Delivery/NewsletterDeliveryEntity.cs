using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>The provider's answer to one batch request, as the ledger records it.</summary>
public enum BatchState
{
    /// <summary>
    /// Inserted just before the request (after the batch's recipient rows): the request is about to be made, in
    /// flight, or its answer was lost. Outcome unknown until settled.
    /// </summary>
    Sending,

    /// <summary>The provider accepted it (2xx), or the Event Webhook reported one of its messages.</summary>
    Accepted,

    /// <summary>The provider refused it for good (4xx other than 429): not resent, reported to the admin.</summary>
    Refused,

    /// <summary>Known not to have been accepted (429 or 5xx after the retries, no connection, or no event long after): its recipients are sent again.</summary>
    NotAccepted,
}

/// <summary>
/// Rows of the <c>NewsletterDeliveries</c> table, the delivery ledger. PartitionKey the issue id, so a batch's
/// rows go in entity-group transactions. A recipient row (RowKey <c>m-{memberId}</c>) names the batch that
/// carries the member's copy; a batch row (RowKey <c>b-{batchId}</c>) records the state of that one request
/// before and after it is made. A recipient's state is its batch's state.
/// </summary>
public sealed class NewsletterDeliveryEntity : ITableEntity
{
    public const string MemberPrefix = "m-";
    public const string BatchPrefix = "b-";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Recipient rows: the batch that carries this member's copy.</summary>
    public string? BatchId { get; set; }

    /// <summary>Batch rows: a <see cref="Delivery.BatchState"/> name.</summary>
    public string? State { get; set; }

    /// <summary>Batch rows: how many recipients it carries.</summary>
    public int? Recipients { get; set; }

    public DateTimeOffset? AttemptedAt { get; set; }
    public DateTimeOffset? SettledAt { get; set; }
    public int? StatusCode { get; set; }
    public string? ProviderMessageId { get; set; }

    /// <summary>The latest Event Webhook event for this row (recipient: its own message; batch: any of its messages).</summary>
    public string? LastEvent { get; set; }

    public DateTimeOffset? LastEventAt { get; set; }

    public bool IsBatch => RowKey.StartsWith(BatchPrefix, StringComparison.Ordinal);

    public string Key => RowKey[2..];

    /// <summary>The batch's state; a value this code does not know counts as unknown outcome, which is never resent blindly.</summary>
    public BatchState BatchState => Enum.TryParse<BatchState>(State, out var state) ? state : BatchState.Sending;

    public static string MemberRow(string memberId) => MemberPrefix + memberId;

    public static string BatchRow(string batchId) => BatchPrefix + batchId;
}
