using CoP.Shared.Email;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>
/// Composes the mail that tells an uploader an outcome of their document. The address is read from the member when the
/// mail is prepared, so a member who erased their data in between gets nothing. Categories and custom args carry ids only.
/// </summary>
public sealed class DocumentMailer(EmailComposer composer, MemberStore members, DocumentStore documents, IOptions<MembershipOptions> membership)
{

    /// <summary>The mail, or null when the uploader no longer exists (nothing to send).</summary>
    public async Task<EmailMessage?> ComposeOutcomeAsync(DocumentEntity document, DocumentOutcome outcome, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var member = string.IsNullOrEmpty(document.UploaderId) ? null : await members.GetAsync(document.UploaderId, cancellationToken);
        if (member is null)
        {
            return null;
        }

        var (template, category, model) = outcome switch
        {
            DocumentOutcome.Published => Published(document, document.DocumentId),

            // A copy of a published document links to it; of one awaiting review, it waits with it.
            DocumentOutcome.Duplicate when await IsPublishedAsync(document.DuplicateOf, cancellationToken) => Published(document, document.DuplicateOf!),
            DocumentOutcome.PendingReview or DocumentOutcome.Duplicate => (EmailTemplate.DocumentPendingReview, "document-pending-review", (object)new { document.Title }),
            DocumentOutcome.Rejected => (EmailTemplate.DocumentRejected, "document-rejected", new { document.Title, ReasonCode = document.Rejection ?? "", Note = note ?? "" }),
            DocumentOutcome.Removed => (EmailTemplate.DocumentRemoved, "document-removed", new { document.Title, Reason = note ?? "" }),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown document outcome."),
        };
        return composer.Compose(template, member.Language, model)
            .To(member.Email, category, new Dictionary<string, string> { ["memberId"] = member.MemberId, ["documentId"] = document.DocumentId });
    }

    public string DocumentUrl(string documentId) => $"{membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/')}/api/documents/{documentId}";

    private (EmailTemplate, string, object) Published(DocumentEntity document, string linkedId) =>
        (EmailTemplate.DocumentPublished, "document-published", new { document.Title, DocumentUrl = DocumentUrl(linkedId) });

    private async Task<bool> IsPublishedAsync(string? documentId, CancellationToken cancellationToken) =>
        documentId is not null && (await documents.GetAsync(documentId, cancellationToken))?.DocumentStatus == DocumentStatus.Published;
}
