using CoP.Shared.Email;
using CoP.Shared.Email.Queue;

namespace CoP.Shared.Members.Import;

/// <summary>
/// A confirmation campaign's mail: the registration's confirmation (same template, link and allowance), to a member an
/// import left pending; nothing once they have confirmed or are gone.
/// </summary>
public sealed class ImportConfirmationMailPreparer(MemberMailDecider decider, MemberMailer mailer) : IMailPreparer
{
    public const string MailKind = "import-confirmation";

    public string Kind => MailKind;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mail = await decider.DecideImportedConfirmationAsync(request.PayloadAs<QueuedImportConfirmation>().MemberId, request.MailId, cancellationToken);
        return mail is null ? null : mailer.Compose(mail);
    }
}
