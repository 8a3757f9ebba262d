using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.DomainEvents;

/// <summary>
/// Row of the <c>DomainEvents</c> table: one event. PartitionKey the event id, RowKey empty, so that writing it is an
/// insert that fails when the event was written before. <see cref="Dispatched"/> turns true once every subscriber has
/// queued its work for it.
/// </summary>
public sealed class DomainEventEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Type { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string Title { get; set; } = "";
    public string Url { get; set; } = "";
    public string Topics { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Data { get; set; } = "{}";
    public bool Dispatched { get; set; }

    public static DomainEventEntity From(DomainEvent domainEvent) => new()
    {
        PartitionKey = domainEvent.EventId,
        RowKey = "",
        Type = domainEvent.Type,
        OccurredAt = domainEvent.OccurredAt,
        Title = domainEvent.Title,
        Url = domainEvent.Url,
        Topics = string.Join(',', domainEvent.Topics),
        Summary = domainEvent.Summary,
        Data = domainEvent.Data.GetRawText(),
    };

    public DomainEvent ToEvent()
    {
        using var data = JsonDocument.Parse(Data);
        return new DomainEvent(
            PartitionKey,
            Type,
            OccurredAt,
            Title,
            Url,
            Topics.Split(',', StringSplitOptions.RemoveEmptyEntries),
            Summary,
            data.RootElement.Clone());
    }
}
