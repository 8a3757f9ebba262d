using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Projects.Contacts;

/// <summary>
/// Row of the <c>ProjectConfirmations</c> table: the claim of one yearly confirmation mail. PartitionKey the project id;
/// RowKey <c>{LastConfirmedAt ticks:D19}-{contact member id}</c>: one mail per period (a confirmation starts the next
/// one) and per contact (a new contact an operator assigned is asked too). Inserting the row is the claim: of runs at
/// once only one succeeds, and it queues the mail. <see cref="QueuedAt"/> is written once the mail is in the queue; a
/// claim without it that is older than a run's span is taken over by a later run, which queues the same mail id again.
/// Unlike the mail ledger (kept 30 days), claims are kept, so a daily run never asks twice in one period. Ids and times only.
/// </summary>
public sealed class ProjectConfirmationEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Which run claimed it: a claim whose answer was lost and retried (409) is still its own.</summary>
    public string RunId { get; set; } = "";
    public DateTimeOffset ClaimedAt { get; set; }
    public DateTimeOffset? QueuedAt { get; set; }

    /// <summary>The RowKey of the mail that asks <paramref name="memberId"/> about the period that began at <paramref name="lastConfirmedAt"/>.</summary>
    public static string RowKeyOf(DateTimeOffset lastConfirmedAt, string memberId) =>
        string.Create(CultureInfo.InvariantCulture, $"{lastConfirmedAt.UtcTicks:D19}-{memberId}");
}
