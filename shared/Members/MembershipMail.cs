using System.Diagnostics;
using CoP.Shared.Email;
using CoP.Shared.Email.Queue;

namespace CoP.Shared.Members;

/// <summary>A queued registration becomes its confirmation, an "already a member" mail, or nothing.</summary>
public sealed class RegistrationMailPreparer(MemberMailDecider decider, MemberMailer mailer) : IMailPreparer
{
    public string Kind => RegistrationService.RegistrationMailKind;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await decider.RegisterAsync(request.PayloadAs<QueuedRegistration>(), request.RequestedAt, request.MailId, cancellationToken) switch
        {
            RegistrationDecision.Created { Mail: var mail } => mailer.Compose(mail),
            RegistrationDecision.ConfirmationResent { Mail: var mail } => mailer.Compose(mail),
            RegistrationDecision.AlreadyMemberNotified { Mail: var mail } => mailer.Compose(mail),
            RegistrationDecision.Throttled => null,
            _ => throw new UnreachableException(),
        };
    }
}

/// <summary>A queued request for a personal link becomes an account link, the confirmation again, or nothing.</summary>
public sealed class AccessLinkMailPreparer(MemberMailDecider decider, MemberMailer mailer) : IMailPreparer
{
    public string Kind => RegistrationService.AccessLinkMailKind;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mail = await decider.DecideAccessLinkAsync(request.PayloadAs<QueuedAccessLinkRequest>(), request.MailId, cancellationToken);
        return mail is null ? null : mailer.Compose(mail);
    }
}

/// <summary>The receipt of an erase: its payload carries the address, since the member is gone.</summary>
public sealed class EraseReceiptMailPreparer(MemberMailer mailer) : IMailPreparer
{
    public const string MailKind = "erase-receipt";

    public string Kind => MailKind;

    public Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var receipt = request.PayloadAs<QueuedEraseReceipt>();
        return Task.FromResult<EmailMessage?>(mailer.ComposeEraseReceipt(receipt.Email, receipt.Language, receipt.ErasedAt));
    }
}

/// <summary>An erase receipt as it waits in the mail queue.</summary>
public sealed record QueuedEraseReceipt(string Email, string Language, DateTimeOffset ErasedAt);
