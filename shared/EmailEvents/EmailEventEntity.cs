using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.EmailEvents;

/// <summary>
/// Row of the <c>EmailEvents</c> table: one Event Webhook event that has an effect on a member. PartitionKey the
/// member id, RowKey the hex SHA-256 of SendGrid's <c>sg_event_id</c> (the id may hold characters that table keys
/// forbid). Serves the duplicate check (a point read) and the member's soft bounce tally (one partition query),
/// and goes with the member's other rows. Holds no address and no bounce reason.
/// <para>
/// The row is also the event's claim: the delivery whose insert wins applies the effect, under
/// <see cref="ClaimedUntil"/>; a claim that lapses without <see cref="AppliedAt"/> (that delivery died) is taken
/// over by the next delivery, under the row's ETag.
/// </para>
/// </summary>
public sealed class EmailEventEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>SendGrid's event name, e.g. <c>bounce</c>.</summary>
    public string Event { get; set; } = "";

    /// <summary>The <see cref="EmailEventEffect"/> it has, by name.</summary>
    public string Effect { get; set; } = "";

    /// <summary>When SendGrid says the event happened.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Set once the effect is in place; a row without it is applied again when SendGrid redelivers it.</summary>
    public DateTimeOffset? AppliedAt { get; set; }

    /// <summary>Until when the delivery that claimed the event may be applying it; other deliveries wait meanwhile.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>Soft bounces: set when an operator lifted the member's suppression, so the bounce no longer counts.</summary>
    public DateTimeOffset? LiftedAt { get; set; }

    public string MemberId => PartitionKey;
}
