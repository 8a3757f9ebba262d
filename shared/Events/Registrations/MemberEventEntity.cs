using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Events.Registrations;

/// <summary>
/// Row of the <c>MemberEvents</c> table: PartitionKey the member id, RowKey the event id. The events a member registered
/// for, in one partition query: their personal calendar, their export, their erase. Written before the registration
/// itself (so no registration lacks its row), deleted after a cancellation.
/// </summary>
public sealed class MemberEventEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }
}
