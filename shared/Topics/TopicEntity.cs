using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Topics;

/// <summary>
/// Row of the <c>Topics</c> table. PartitionKey <c>topic</c>, RowKey the slug: the whole catalog is one
/// small partition, so listing is a single-partition query and a lookup by slug is a point read.
/// One extra row (PartitionKey <c>catalog</c>, RowKey <c>seeded</c>) records that the defaults were seeded.
/// </summary>
public sealed class TopicEntity : ITableEntity
{
    public const string TopicPartition = "topic";
    public const string CatalogPartition = "catalog";
    public const string SeededMarker = "seeded";

    public string PartitionKey { get; set; } = TopicPartition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public bool Retired { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Topic ToTopic() => new(RowKey, Name, Description, Retired, UpdatedAt);
}
