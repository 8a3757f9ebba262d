using CoP.Shared.Email;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>
/// Emails an uploader the outcome of their document. The address is read from the member at sending time, so a
/// member who erased their data in between gets nothing. Categories and custom args carry ids only.
/// </summary>
public sealed class DocumentMailer(IEmailSender sender, EmailComposer composer, MemberStore members, IOptions<MembershipOptions> membership)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>False when the uploader no longer exists (nothing sent).</summary>
    public async Task<bool> SendOutcomeAsync(DocumentEntity document, string? note, CancellationToken cancellationToken)
    {
        var member = await members.GetAsync(document.UploaderId, cancellationToken);
        if (member is null)
        {
            return false;
        }

        var (template, category, model) = document.DocumentStatus switch
        {
            DocumentStatus.Published or DocumentStatus.Duplicate => (
                EmailTemplate.DocumentPublished,
                "document-published",
                (object)new { document.Title, DocumentUrl = DocumentUrl(document.DuplicateOf ?? document.DocumentId) }),
            DocumentStatus.PendingReview => (EmailTemplate.DocumentPendingReview, "document-pending-review", new { document.Title }),
            DocumentStatus.Rejected => (
                EmailTemplate.DocumentRejected,
                "document-rejected",
                new { document.Title, ReasonCode = document.Rejection ?? "", Note = note ?? "" }),
            _ => throw new InvalidOperationException($"Document {document.DocumentId} has no outcome to announce yet."),
        };
        var composed = composer.Compose(template, member.Language, model);
        await sender.SendAsync(
            new EmailMessage(
                new EmailAddress(member.Email),
                composed.Subject,
                composed.HtmlBody,
                composed.TextBody,
                category,
                new Dictionary<string, string> { ["memberId"] = member.MemberId, ["documentId"] = document.DocumentId },
                NoHeaders),
            cancellationToken);
        return true;
    }

    public string DocumentUrl(string documentId) => $"{membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/')}/api/documents/{documentId}";
}
