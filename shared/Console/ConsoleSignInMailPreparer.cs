using CoP.Shared.Email;
using CoP.Shared.Email.Queue;
using CoP.Shared.Members;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Console;

/// <summary>
/// A queued console sign-in becomes the operator's single-use link, or nothing for an address the setting does not name.
/// The link's secret is a keyed hash of the mail's id, so a retried delivery sends the same link rather than a second.
/// </summary>
public sealed class ConsoleSignInMailPreparer(
    OperatorDirectory operators,
    ConsoleAccess access,
    Pseudonymizer pseudonymizer,
    EmailComposer composer,
    IOptions<MembershipOptions> membership,
    IOptions<ConsoleOptions> options) : IMailPreparer
{
    public string Kind => ConsoleAccess.SignInMailKind;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signIn = request.PayloadAs<QueuedConsoleSignIn>();
        if (operators.Find(signIn.Email) is not { } @operator)
        {
            return null;
        }

        var secret = pseudonymizer.Hash("console-sign-in", request.MailId, 32);
        await access.StoreSignInAsync(secret, @operator, cancellationToken);
        var url = $"{membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/')}/api/console/session?token={secret}";
        return composer.Compose(EmailTemplate.ConsoleSignIn, signIn.Language, new
        {
            SignInUrl = url,
            ExpiresInMinutes = (int)Math.Round(options.Value.SignInLifetime.TotalMinutes),
        }).To(signIn.Email, "console-sign-in", new Dictionary<string, string> { ["operator"] = @operator.Id });
    }
}
