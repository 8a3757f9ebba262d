using System.Security.Cryptography;
using System.Text;
using CoP.Shared.Email.Queue;

namespace CoP.Shared.Documents;

/// <summary>What an uploader is told about their document; each is one mail at most.</summary>
public enum DocumentOutcome
{
    Published,
    PendingReview,
    Duplicate,
    Rejected,
    Removed,
}

/// <summary>A document's outcome mail as it waits in the mail queue: ids and the operator's words, no address.</summary>
public sealed record QueuedDocumentOutcome(string DocumentId, DocumentOutcome Outcome, string? Note);

/// <summary>
/// Tells the uploader each outcome of their document exactly once, through the mail queue. The mail's id is derived from
/// the document id and the outcome, so however often a blob event or a review is redelivered, and whichever invocation
/// gets here, the queue's delivery ledger sends that outcome once. <see cref="DocumentEntity.OutcomeEmailedAt"/> only
/// saves the later invocations a queue message. Documents placed by an operator have no uploader to tell.
/// </summary>
public sealed class DocumentOutcomeNotifier(DocumentStore store, QueuedMail mail, TimeProvider time)
{
    public const string MailKind = "document-outcome";

    public async Task NotifyOnceAsync(DocumentEntity document, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        // A removed document's notice is its own (NotifyRemovedAsync); a redelivered upload of it announces nothing.
        if (document.OutcomeEmailedAt is not null || string.IsNullOrEmpty(document.UploaderId) || document.DocumentStatus == DocumentStatus.Removed)
        {
            return;
        }

        await EnqueueAsync(document.DocumentId, OutcomeOf(document), note, cancellationToken);

        // A lost race here is harmless: the other invocation queued the same mail id.
        document.OutcomeEmailedAt = time.GetUtcNow();
        await store.TryReplaceAsync(document, cancellationToken);
    }

    /// <summary>Tells the uploader that their document was taken down, with the operator's reason.</summary>
    public Task NotifyRemovedAsync(DocumentEntity document, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return string.IsNullOrEmpty(document.UploaderId)
            ? Task.CompletedTask
            : EnqueueAsync(document.DocumentId, DocumentOutcome.Removed, reason, cancellationToken);
    }

    /// <summary>The mail id of one outcome of one document: 32 lowercase hex digits, the same on every call.</summary>
    public static string MailIdFor(string documentId, DocumentOutcome outcome) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{MailKind}|{documentId}|{outcome}")).AsSpan(0, 16));

    private Task EnqueueAsync(string documentId, DocumentOutcome outcome, string? note, CancellationToken cancellationToken)
    {
        var request = new MailRequest(
            MailIdFor(documentId, outcome),
            MailKind,
            time.GetUtcNow(),
            System.Text.Json.JsonSerializer.SerializeToElement(new QueuedDocumentOutcome(documentId, outcome, note), MailRequest.Json));
        return mail.EnqueueAsync(request, TimeSpan.Zero, cancellationToken);
    }

    private static DocumentOutcome OutcomeOf(DocumentEntity document) => document.DocumentStatus switch
    {
        DocumentStatus.Published => DocumentOutcome.Published,
        DocumentStatus.PendingReview => DocumentOutcome.PendingReview,
        DocumentStatus.Duplicate => DocumentOutcome.Duplicate,
        DocumentStatus.Rejected => DocumentOutcome.Rejected,
        _ => throw new InvalidOperationException($"Document {document.DocumentId} has no outcome to announce yet."),
    };
}

/// <summary>A queued document outcome becomes the uploader's mail, or nothing when the document or the uploader is gone.</summary>
public sealed class DocumentOutcomeMailPreparer(DocumentStore store, DocumentMailer mailer) : IMailPreparer
{
    public string Kind => DocumentOutcomeNotifier.MailKind;

    public async Task<Email.EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = request.PayloadAs<QueuedDocumentOutcome>();
        var document = await store.GetAsync(outcome.DocumentId, cancellationToken);
        return document is null ? null : await mailer.ComposeOutcomeAsync(document, outcome.Outcome, outcome.Note, cancellationToken);
    }
}
