using CoP.Functions.Documents;
using CoP.Shared.Documents;
using CoP.Shared.Topics;

namespace CoP.Functions.Console.Documents;

/// <summary>The model of the console's documents page: the review queue, a page of the published documents, and what was just done.</summary>
public static class DocumentsQueuePage
{
    /// <summary>What was just done (<c>approved</c>, <c>rejected</c> or <c>removed</c>) to which document.</summary>
    public sealed record Outcome(string Kind, DocumentRecord Document);

    /// <summary>The outcomes a <c>?done=</c> may name, and the state the document must be in for the page to say so.</summary>
    public static readonly IReadOnlyDictionary<string, DocumentStatus> Outcomes = new Dictionary<string, DocumentStatus>(StringComparer.Ordinal)
    {
        ["approved"] = DocumentStatus.Published,
        ["rejected"] = DocumentStatus.Rejected,
        ["removed"] = DocumentStatus.Removed,
    };

    public static object Model(
        IReadOnlyList<DocumentRecord> pending,
        IReadOnlyList<PublishedDocument> published,
        string next,
        bool isFirstPage,
        Outcome? done,
        IReadOnlyList<Topic> topics,
        string language)
    {
        var names = topics.ToDictionary(topic => topic.Slug, topic => topic.Name, StringComparer.Ordinal);
        return new
        {
            Pending = pending.Select(document => new
            {
                document.Title,
                Url = DocumentPage.Url(document.DocumentId),
                Type = document.DocumentType,
                Size = DocumentPages.Size(document.Bytes, language),
                Topics = document.Topics.Select(slug => names.GetValueOrDefault(slug, slug)).ToArray(),
                document.Language,
                Country = document.Country ?? "",
                Uploaded = ConsoleFormat.Time(document.CreatedAt, language),
            }).ToArray(),
            Published = published.Select(document => new
            {
                document.Title,
                Url = DocumentPage.Url(document.DocumentId),
                Type = document.DocumentType,
                document.Language,
                At = ConsoleFormat.Time(document.PublishedAt, language),
            }).ToArray(),
            Next = next,
            IsFirstPage = isFirstPage,
            First = $"{ConsoleGate.Home}/documents",
            Done = done?.Kind ?? "",
            DoneTitle = done?.Document.Title ?? "",
            DoneUrl = done is null ? "" : DocumentPage.Url(done.Document.DocumentId),
        };
    }
}
