using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/members/me/account-link: the profile page's button for a profile session (from a newsletter's link),
/// which cannot export or erase: mails the member an account link, as POST /api/members/access-link does, within the
/// same limits.
/// </summary>
public sealed class MailMyAccountLinkFunction(RegistrationService registrations, MemberSessions sessions)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(MailMyAccountLink))]
    public async Task<IResult> MailMyAccountLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "members/me/account-link")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await SessionForm.ReadAsync(request, sessions, MaxBodyBytes, MemberAction.ViewProfile, cancellationToken) switch
        {
            SessionForm.Posted { Session.Member: var member } => await MailAsync(request, member, cancellationToken),
            SessionForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> MailAsync(HttpRequest request, MemberEntity member, CancellationToken cancellationToken) =>
        await registrations.RequestAccessLinkAsync(member.Email, ClientAddresses.LimitKey(request), cancellationToken) switch
        {
            MailRequestResult.Queued or MailRequestResult.Ignored =>
                HtmlPages.Page(StatusCodes.Status200OK, "account-link-sent", _ => new { member.Email }, memberLanguage: member.Language),
            MailRequestResult.Limited { RetryAfter: var retryAfter } => RegistrationAnswers.Limited(request, retryAfter),
            MailRequestResult.Invalid { Errors: var errors } => Problems.Validation(errors.ToDictionary()),
            _ => throw new UnreachableException(),
        };
}
