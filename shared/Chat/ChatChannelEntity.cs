using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Chat;

/// <summary>
/// Row of the <c>ChatChannels</c> table: the chat channel of one topic. One partition (<see cref="Partition"/>), RowKey
/// the topic slug: a point read per topic, and one query lists every mapping (there are tens, not thousands).
/// </summary>
public sealed class ChatChannelEntity : ITableEntity
{
    public const string Partition = "channels";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Channel { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
