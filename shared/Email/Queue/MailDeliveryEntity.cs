using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Email.Queue;

public enum MailDeliveryState
{
    /// <summary>Claimed by a delivery, which sends it now; no answer recorded yet (under way, or died not knowing).</summary>
    Sending,

    /// <summary>The provider accepted it: no later delivery of the same mail sends it again.</summary>
    Sent,

    /// <summary>Nothing went out (the provider refused it, or it could not be prepared): the next delivery tries again at once.</summary>
    NotSent,

    /// <summary>Prepared into nothing (unknown address, allowance used): nothing was, or will be, sent.</summary>
    NothingToSend,

    /// <summary>Two sends got no answer: either may have been accepted, so it is not sent a third time.</summary>
    Unanswered,
}

/// <summary>
/// Row of the <c>MailDeliveries</c> table: PartitionKey the mail id, RowKey <c>delivery</c>: one point read tells a
/// delivery whether its mail already went out. Written before the send (the claim) and after it (the answer), under
/// ETags. Holds no address and no name; rows are purged after <see cref="MailDeliveryStore.Retention"/>.
/// </summary>
public sealed class MailDeliveryEntity : ITableEntity
{
    public const string Row = "delivery";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Kind { get; set; } = "";
    public string State { get; set; } = nameof(MailDeliveryState.Sending);
    public int Attempts { get; set; }

    /// <summary>Sends that got no answer and were then taken over by a later delivery: at most one is, so a mail goes out at most twice.</summary>
    public int UnansweredSends { get; set; }
    public DateTimeOffset? SendingSince { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? ProviderMessageId { get; set; }

    public string MailId => PartitionKey;

    public MailDeliveryState DeliveryState => Enum.TryParse<MailDeliveryState>(State, out var state) ? state : MailDeliveryState.Sending;
}
