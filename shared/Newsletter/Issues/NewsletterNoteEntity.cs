using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Newsletter.Issues;

/// <summary>
/// The editorial note for the next issue (table <c>NewsletterIssues</c>, PartitionKey <c>note</c>, RowKey
/// <c>next</c>). Composing an issue takes it into the issue's content and clears it.
/// </summary>
public sealed class NewsletterNoteEntity : ITableEntity
{
    public const string Partition = "note";
    public const string Row = "next";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Text { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
