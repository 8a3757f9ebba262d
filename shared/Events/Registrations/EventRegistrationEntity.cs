using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Events.Registrations;

/// <summary>
/// Row of the <c>EventRegistrations</c> table. PartitionKey the event id, so that one entity-group transaction can take
/// a seat and write the registration together. Three kinds of rows, told apart by their RowKey:
/// <list type="bullet">
/// <item><c>seat-{k:D6}</c>, k in [0, capacity): exists only while <see cref="MemberId"/> holds the seat; an insert of a
/// taken seat fails, which is what keeps the count exact without a counter row.</item>
/// <item><c>wait-{ticks:D19}-{memberId}</c>: one place on the waiting list; the RowKey order is the list's order.</item>
/// <item><c>reg-{memberId}</c>: the member's registration (<see cref="Status"/>, the <see cref="Place"/> it holds,
/// <see cref="At"/> when they registered): a status is one point read.</item>
/// </list>
/// The seat and waiting rows form one key range (<c>seat-</c> to <c>wait.</c>), read in one query by every registration.
/// </summary>
public sealed class EventRegistrationEntity : ITableEntity
{
    public const string SeatPrefix = "seat-";
    public const string WaitPrefix = "wait-";
    public const string RegistrationPrefix = "reg-";
    public const string Registered = "registered";
    public const string Waitlisted = "waitlisted";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string MemberId { get; set; } = "";

    /// <summary>Registration rows: <see cref="Registered"/> or <see cref="Waitlisted"/>.</summary>
    public string? Status { get; set; }

    /// <summary>Registration rows: the key of the seat or waiting row held; null for a registration without a capacity.</summary>
    public string? Place { get; set; }

    /// <summary>When the seat was taken, the place in the list given, or (registration rows) the member registered.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Registration rows: when a freed seat went to this member from the waiting list.</summary>
    public DateTimeOffset? PromotedAt { get; set; }

    /// <summary>
    /// Registration rows: the id of the write that last set the row, so that a write whose answer was lost and whose
    /// retry then failed can recognise its own row.
    /// </summary>
    public string WriteId { get; set; } = "";

    public bool IsRegistered => Status == Registered;

    public static string SeatKey(int seat) => SeatPrefix + seat.ToString("D6", CultureInfo.InvariantCulture);

    public static string WaitKey(long ticks, string memberId) => $"{WaitPrefix}{ticks.ToString("D19", CultureInfo.InvariantCulture)}-{memberId}";

    public static string RegistrationKey(string memberId) => RegistrationPrefix + memberId;

    /// <summary>The seat number of a seat key; -1 for any other key.</summary>
    public static int SeatOf(string rowKey) =>
        rowKey.StartsWith(SeatPrefix, StringComparison.Ordinal)
        && int.TryParse(rowKey.AsSpan(SeatPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seat) ? seat : -1;

    /// <summary>The time part of a waiting key (its order); 0 for any other key.</summary>
    public static long WaitTicksOf(string rowKey) =>
        rowKey.StartsWith(WaitPrefix, StringComparison.Ordinal)
        && long.TryParse(rowKey.AsSpan(WaitPrefix.Length, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : 0;
}
