using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Events.Reminders;

/// <summary>
/// Row of the <c>EventReminders</c> table: the claim of one reminder mail. PartitionKey the event id; RowKey
/// <c>{offsetKey}-{memberId}</c> for a registered person's reminder (<c>2880m-…</c> for 48 hours), or
/// <c>after-event</c> for the operators' mail after the end. Inserting the row is the claim: of runs at once only one
/// succeeds, and it queues the mail. <see cref="QueuedAt"/> is written once the mail is in the queue; a claim without it
/// that is older than a run's span is taken over by a later run, which queues the same mail id again. A run reads one
/// partition to learn what an event's mails have come to. Holds ids and times only.
/// </summary>
public sealed class EventReminderEntity : ITableEntity
{
    public const string AfterEventRow = "after-event";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Which run claimed it: a claim whose answer was lost and retried (409) is still its own.</summary>
    public string RunId { get; set; } = "";
    public DateTimeOffset ClaimedAt { get; set; }
    public DateTimeOffset? QueuedAt { get; set; }

    /// <summary>The RowKey of one offset's reminder to one member.</summary>
    public static string ReminderRow(string offsetKey, string memberId) => $"{offsetKey}-{memberId}";
}
