using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Newsletter.Issues;

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
    /// (<see cref="Delivery.NewsletterSettlement"/>). False for an issue that waits for an admin's decision.
    /// </summary>
    public bool SettlesByItself { get; set; }

    /// <summary>Why the issue is held or needs attention, in words for the admin (no personal data).</summary>
    public string? Note { get; set; }

    /// <summary>When the admin was last alerted about this issue (so a retry does not alert again).</summary>
    public DateTimeOffset? AlertedAt { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    public IssueState IssueState => Enum.TryParse<IssueState>(State, out var state) ? state : IssueState.Sending;

    /// <summary>A run holds the issue now: its lease has an owner and has not expired.</summary>
    public bool IsLeasedAt(DateTimeOffset now) => LeaseOwner is not null && LeaseUntil > now;

    /// <summary>A new issue row for the slot, its period empty until its content is composed.</summary>
    public static NewsletterIssueEntity New(string issueId, DateTimeOffset slot, DateTimeOffset now, IssueState state) => new()
    {
        RowKey = issueId,
        SlotAt = slot,
        PeriodStart = slot,
        PeriodEnd = slot,
        CreatedAt = now,
        State = state.ToString(),
    };
}
