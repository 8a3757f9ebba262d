using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Newsletter;

/// <summary>Where an issue stands. Only <see cref="Sent"/> issues appear in the public archive.</summary>
public enum IssueState
{
    /// <summary>Created by a run that is composing it; its content is not fixed yet.</summary>
    Composing,

    /// <summary>Composed; recipients are being sent to (or a run died while sending).</summary>
    Sending,

    /// <summary>Every subscriber's batch was accepted by the provider.</summary>
    Sent,

    /// <summary>Nothing new in its period, and skipping is configured: nobody gets it.</summary>
    Skipped,

    /// <summary>A scheduled run started too late after its slot: nothing is sent until an admin sends it by hand.</summary>
    Held,

    /// <summary>Sent to everyone it could be, but some batches were refused or their outcome is unknown: see the admin report.</summary>
    NeedsAttention,
}

/// <summary>
/// Row of the <c>NewsletterIssues</c> table: PartitionKey <c>issue</c>, RowKey the issue id (sortable). The
/// frozen content lives in the <c>newsletter</c> container, as <c>issues/{issueId}.json</c>. The row also holds
/// the run lease that keeps two runs (the timer and an admin's send) from working on the issue at once.
/// </summary>
public sealed class NewsletterIssueEntity : ITableEntity
{
    public const string Partition = "issue";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string IssueId => RowKey;

    public DateTimeOffset SlotAt { get; set; }
    public DateTimeOffset PeriodStart { get; set; }
    public DateTimeOffset PeriodEnd { get; set; }
    public string State { get; set; } = nameof(IssueState.Sending);
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The English subject, for the archive listing.</summary>
    public string Subject { get; set; } = "";

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Recipients whose batch the provider accepted.</summary>
    public int Recipients { get; set; }

    /// <summary>Recipients in refused batches, and in batches whose outcome is still unknown (last run's count).</summary>
    public int Refused { get; set; }

    public int Unknown { get; set; }

    /// <summary>Recipients the last run could not send to (SendGrid kept answering 429/5xx): a retry sends to them.</summary>
    public int Waiting { get; set; }

    /// <summary>
    /// Set when a run left the issue in <see cref="IssueState.NeedsAttention"/> with every subscriber in a batch and
    /// none refused: once the Event Webhook settles its last batch of unknown outcome, it is sent without a new run
    /// (<see cref="NewsletterSettlement"/>). False for an issue that waits for an admin's decision.
    /// </summary>
    public bool SettlesByItself { get; set; }

    /// <summary>Why the issue is held or needs attention, in words for the admin (no personal data).</summary>
    public string? Note { get; set; }

    /// <summary>When the admin was last alerted about this issue (so a retry does not alert again).</summary>
    public DateTimeOffset? AlertedAt { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    public IssueState IssueState => Enum.TryParse<IssueState>(State, out var state) ? state : IssueState.Sending;
}

/// <summary>
/// The editorial note for the next issue (table <c>NewsletterIssues</c>, PartitionKey <c>note</c>, RowKey
/// <c>next</c>). Composing an issue takes it into the issue's content and clears it.
/// </summary>
public sealed class NewsletterNoteEntity : ITableEntity
{
    public const string Partition = "note";
    public const string Row = "next";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Text { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

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

    /// <summary>Batch rows: a <see cref="Newsletter.BatchState"/> name.</summary>
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
