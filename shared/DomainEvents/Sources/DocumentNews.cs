using CoP.Shared.Documents;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.DomainEvents.Sources;

/// <summary>
/// Reports <c>document.published</c> (key: the document id) when a document enters the public catalog: at ingestion
/// without review, or at the operator's approval. The document's public metadata only; never its uploader or file name.
/// </summary>
public sealed class DocumentNews(DomainEventLog log, IOptions<MembershipOptions> membership)
{
    public Task<PublishResult> PublishedAsync(DocumentEntity document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var url = Page(document.DocumentId);
        var data = new Published(
            document.DocumentId, document.Title, url, document.TopicList, document.DocumentType, document.Language, document.Country, document.Year,
            document.PublishedAt ?? document.DecidedAt);
        var summary = string.Join(
            " · ", new[] { document.DocumentType, document.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Where(part => !string.IsNullOrWhiteSpace(part)));
        return log.PublishAsync(
            new DomainEventDraft(DomainEventTypes.DocumentPublished, document.DocumentId, document.Title, url, document.TopicList, summary, DomainEventData.Of(data)),
            cancellationToken);
    }

    /// <summary>A document's public page: <c>{PublicApiBaseUrl}/api/documents/{documentId}</c>.</summary>
    public string Page(string documentId) => $"{membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/')}/api/documents/{Uri.EscapeDataString(documentId)}";

    private sealed record Published(
        string Id, string Title, string Url, IReadOnlyList<string> Topics, string DocumentType, string Language, string? Country, int? Year,
        DateTimeOffset? PublishedAt);
}
