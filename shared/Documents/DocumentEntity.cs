using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Documents;

/// <summary>Where a document is in its life.</summary>
public enum DocumentStatus
{
    /// <summary>Requested: the upload URL was handed out, no file ingested yet.</summary>
    AwaitingUpload,
    PendingReview,
    Published,
    Rejected,

    /// <summary>The same bytes as a published document (or one awaiting review), which it links to instead of being stored twice.</summary>
    Duplicate,

    /// <summary>Taken down by an operator (<c>RemoveDocument</c>): out of the catalog, its file deleted; the record stays for the audit.</summary>
    Removed,
}

/// <summary>Why an uploaded file was not accepted. The emails explain each one in the uploader's language.</summary>
public enum RejectionReason
{
    TypeNotAllowed,
    TypeMismatch,
    Empty,
    TooLarge,
    SizeMismatch,
    NoPendingUpload,
    RejectedByReview,

    /// <summary>A ZIP-based file whose directory lists more entries, or is larger, than any document we accept.</summary>
    TooManyEntries,
}

/// <summary>
/// One document in every state, table <c>Documents</c>: PartitionKey = document id, RowKey = "document".
/// Serves point reads by id (upload, ingestion, get, download, review); listings use <see cref="DocumentIndexEntity"/>.
/// The uploader is kept as a member id only: the address is read from the member when an email is sent.
/// </summary>
public sealed class DocumentEntity : ITableEntity
{
    public const string Row = "document";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    [IgnoreDataMember]
    public string DocumentId => PartitionKey;

    public string Status { get; set; } = nameof(DocumentStatus.AwaitingUpload);

    public string UploaderId { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>Topic slugs, comma-separated.</summary>
    public string Topics { get; set; } = "";

    public string DocumentType { get; set; } = "";

    public string? Country { get; set; }

    public string Language { get; set; } = "";

    public int? Year { get; set; }

    public string? ProjectName { get; set; }

    public string? Licence { get; set; }

    /// <summary>The safe file name: the last segment of both the upload and the stored blob.</summary>
    public string FileName { get; set; } = "";

    public string DeclaredContentType { get; set; } = "";

    public long DeclaredBytes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The upload's ETag an ingestion has claimed, and until when (a crashed one's claim lapses).</summary>
    public string? ClaimedETag { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>The ETag of the upload whose ingestion decided this record: redelivery of that blob changes nothing.</summary>
    public string? IngestedETag { get; set; }

    public string? ContentType { get; set; }

    public long? Bytes { get; set; }

    public string? Sha256 { get; set; }

    public string? Rejection { get; set; }

    public string? DuplicateOf { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>When the outcome mail was queued (its id is fixed by document and outcome, so a repeat sends nothing twice).</summary>
    public DateTimeOffset? OutcomeEmailedAt { get; set; }

    /// <summary>When an operator took the document down (<see cref="DocumentStatus.Removed"/>); the audit row says who and why.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    /// <summary>
    /// Set on the marker that replaces a record whose member was erased while its upload URL still worked: until then a
    /// file sent through that URL is deleted unread (it would otherwise pass for one an operator placed). The marker
    /// holds nothing else and goes with the next daily clean-up after this time.
    /// </summary>
    public DateTimeOffset? ErasedUploadExpiresAt { get; set; }

    [IgnoreDataMember]
    public DocumentStatus DocumentStatus => Enum.TryParse<DocumentStatus>(Status, out var status) ? status : DocumentStatus.AwaitingUpload;

    [IgnoreDataMember]
    public RejectionReason? RejectionReason => Enum.TryParse<RejectionReason>(Rejection, out var reason) ? reason : null;

    [IgnoreDataMember]
    public IReadOnlyList<string> TopicList => Topics.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [IgnoreDataMember]
    public bool IsDecided => DocumentStatus is not DocumentStatus.AwaitingUpload;

    /// <summary>The blob name under the upload, document and rejected containers.</summary>
    [IgnoreDataMember]
    public string BlobName => $"{DocumentId}/{FileName}";

    /// <summary>A new record awaiting its upload, from validated metadata; an empty uploader id means an operator placed it.</summary>
    public static DocumentEntity FromDraft(string documentId, string uploaderId, DocumentDraft draft, DateTimeOffset createdAt) => new()
    {
        PartitionKey = documentId,
        UploaderId = uploaderId,
        Title = draft.Title,
        Description = draft.Description,
        Topics = string.Join(',', draft.Topics),
        DocumentType = draft.DocumentType,
        Country = draft.Country,
        Language = draft.Language,
        Year = draft.Year,
        ProjectName = draft.ProjectName,
        Licence = draft.Licence,
        FileName = draft.FileName,
        DeclaredContentType = draft.Kind.ContentType,
        DeclaredBytes = draft.Bytes,
        CreatedAt = createdAt,
    };
}

/// <summary>
/// The listing of published documents, table <c>DocumentIndex</c>: one row per document in the partition "all"
/// and one in each of "topic-{slug}", "type-{type}", "country-{code}" and "language-{code}". RowKey = inverted
/// publication ticks + id, so each partition reads newest first. A query reads one partition: the first filter
/// given (topic, then type, country, language) picks it, the others filter its rows; nothing else is scanned.
/// </summary>
public sealed class DocumentIndexEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string DocumentId { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public string Topics { get; set; } = "";

    public string DocumentType { get; set; } = "";

    public string? Country { get; set; }

    public string Language { get; set; } = "";

    public int? Year { get; set; }

    public string? ProjectName { get; set; }

    public string? Licence { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Bytes { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>
/// Catalogued content by hash, table <c>DocumentHashes</c>: PartitionKey = SHA-256 (hex), RowKey = "sha256". Inserted
/// when a document with these bytes is accepted (the insert is the reservation only one writer wins), deleted when that
/// document is rejected by review, removed or erased. Serves ingestion's duplicate check with one insert or point read.
/// </summary>
public sealed class DocumentHashEntity : ITableEntity
{
    public const string Row = "sha256";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string DocumentId { get; set; } = "";
}
