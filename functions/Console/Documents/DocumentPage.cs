using System.Globalization;
using CoP.Functions.Documents;
using CoP.Shared.Documents;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Documents;

/// <summary>
/// One document's page in the console, shared by the page and by the refusals of its forms: the record (every field the
/// uploader typed, encoded by the template), the download of its file, and the review form (waiting for review) or the
/// takedown form (published).
/// </summary>
public static class DocumentPage
{
    /// <summary>Why the page is shown instead of the outcome: the document was decided, or changed, meanwhile.</summary>
    public static class Notices
    {
        public const string None = "";

        /// <summary>The review came too late: the document is no longer waiting for review.</summary>
        public const string NotPending = "not-pending";

        /// <summary>Someone changed the document at the same moment: look again, then decide.</summary>
        public const string Changed = "changed";

        /// <summary>Neither published nor waiting for review: there is nothing to take down.</summary>
        public const string NotRemovable = "not-removable";
    }

    /// <summary>The review form's note and its errors (by field: decision, note).</summary>
    public sealed record ReviewForm(string Note, IReadOnlyDictionary<string, string[]> Errors)
    {
        public static readonly ReviewForm Empty = new("", new Dictionary<string, string[]>());
    }

    /// <summary>The takedown form's values and errors (by field: reason).</summary>
    public sealed record TakedownForm(string Reason, bool NotifyUploader, IReadOnlyDictionary<string, string[]> Errors)
    {
        public static readonly TakedownForm Empty = new("", false, new Dictionary<string, string[]>());
    }

    /// <summary>The address of a document's page in the console.</summary>
    public static string Url(string documentId) => $"{ConsoleGate.Home}/documents/{Uri.EscapeDataString(documentId)}";

    /// <summary>The page of <paramref name="document"/>, with empty forms.</summary>
    public static IResult Show(ConsoleSession.Open session, DocumentRecord document, IReadOnlyList<Topic> topics) =>
        Show(StatusCodes.Status200OK, session, document, topics, ReviewForm.Empty, TakedownForm.Empty, Notices.None);

    /// <summary>The page of <paramref name="document"/> with a form's values, its errors, or a notice.</summary>
    public static IResult Show(
        int status, ConsoleSession.Open session, DocumentRecord document, IReadOnlyList<Topic> topics, ReviewForm review, TakedownForm takedown, string notice) =>
        ConsoleGate.Page(status, "console-document", session, language => new
        {
            Document = View(document, topics, language),
            Review = new
            {
                review.Note,
                DecisionError = review.Errors.ContainsKey("decision"),
                NoteError = review.Errors.ContainsKey("note") ? (review.Note.Trim().Length == 0 ? "required" : "invalid") : "",
                HasErrors = review.Errors.Count > 0,
            },
            Takedown = new
            {
                takedown.Reason,
                takedown.NotifyUploader,
                ReasonError = takedown.Errors.ContainsKey("reason") ? (takedown.Reason.Trim().Length == 0 ? "required" : "invalid") : "",
                HasErrors = takedown.Errors.Count > 0,
            },
            Notice = notice,
        });

    /// <summary>The page for an id that names no document (404).</summary>
    public static IResult Missing(ConsoleSession.Open session) =>
        ConsoleGate.Page(StatusCodes.Status404NotFound, "console-document-missing", session, _ => new Dictionary<string, object?>());

    /// <summary>A refused value as its field shows it back: never more of it than the field allows.</summary>
    public static string Bounded(string value, int maxLength) => value.Length <= maxLength ? value : value[..maxLength];

    private static object View(DocumentRecord document, IReadOnlyList<Topic> topics, string language)
    {
        var names = topics.ToDictionary(topic => topic.Slug, topic => topic.Name, StringComparer.Ordinal);
        string Time(DateTimeOffset? at) => at is { } value ? ConsoleFormat.Time(value, language) : "";
        return new
        {
            document.DocumentId,
            Url = Url(document.DocumentId),
            document.Title,
            Paragraphs = (document.Description ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Topics = document.Topics.Select(slug => names.GetValueOrDefault(slug, slug)).ToArray(),
            Type = document.DocumentType,
            Country = document.Country ?? "",
            document.Language,
            Year = document.Year?.ToString(CultureInfo.InvariantCulture) ?? "",
            ProjectName = document.ProjectName ?? "",
            Licence = document.Licence ?? "",
            document.FileName,
            document.ContentType,
            Size = DocumentPages.Size(document.Bytes, language),
            Bytes = document.Bytes.ToString("N0", CultureInfo.GetCultureInfo(language)),
            Sha256 = document.Sha256 ?? "",
            // In groups of eight, so that a narrow screen can break it where a group ends (and a copy keeps it whole).
            Sha256Groups = (document.Sha256 ?? "").Chunk(8).Select(group => new string(group)).ToArray(),
            Status = document.Status.ToString(),
            Pending = document.Status == DocumentStatus.PendingReview,
            Published = document.Status == DocumentStatus.Published,
            Placed = document.PlacedByOperator,
            Created = Time(document.CreatedAt),
            // Ingestion's hold for review is not a decision an operator needs to see.
            Decided = document.Status == DocumentStatus.PendingReview ? "" : Time(document.DecidedAt),
            PublishedAt = Time(document.PublishedAt),
            Removed = Time(document.RemovedAt),
            Download = document.HasFile ? $"{Url(document.DocumentId)}/content" : "",
            PublicPage = document.Status == DocumentStatus.Published ? $"{PageLinks.Base}/documents/{Uri.EscapeDataString(document.DocumentId)}" : "",
        };
    }
}
