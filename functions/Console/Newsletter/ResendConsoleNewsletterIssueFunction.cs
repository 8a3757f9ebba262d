using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Newsletter;

/// <summary>
/// POST /api/console/newsletter/issues/{issueId}/send: finishes an issue that was held or left unfinished
/// (<c>resend=finish</c>, the default), or sends its batches of unknown outcome (<c>unknown</c>) or refused batches
/// (<c>refused</c>) again, as POST /api/manage/newsletter/send with <c>issueId</c>, <c>resendUnknown</c> or
/// <c>resendRefused</c> does; audited as <c>newsletter.resend</c> on the issue's id, then 303 to the issue's page. Only
/// what <see cref="IssuePage"/> offers is done: any other request for the issue gets its page again (409). 404 for an
/// unknown issue.
/// </summary>
public sealed class ResendConsoleNewsletterIssueFunction(ConsoleGate gate, QueuedNewsletterSends sends, NewsletterService newsletter, NewsletterComposer composer)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(ResendConsoleNewsletterIssue))]
    public async Task<IResult> ResendConsoleNewsletterIssue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/newsletter/issues/{issueId}/send")] HttpRequest request,
        string issueId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await ResendAsync(session, issueId, fields["resend"].ToString(), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> ResendAsync(ConsoleSession.Open session, string issueId, string resend, CancellationToken cancellationToken)
    {
        resend = resend.Length == 0 ? IssuePage.Finish : resend;
        if (resend is not (IssuePage.Finish or IssuePage.Unknown or IssuePage.Refused))
        {
            return Problems.Validation("resend", "Use finish, unknown or refused.");
        }

        if (!NewsletterSchedule.IsValidIssueId(issueId) || await newsletter.GetStatusAsync(issueId, cancellationToken) is not { } status)
        {
            return Problems.NotFound("There is no newsletter issue with this id.");
        }

        var allowed = resend switch
        {
            IssuePage.Unknown => IssuePage.CanResendUnknown(status),
            IssuePage.Refused => IssuePage.CanResendRefused(status),
            _ => IssuePage.CanFinish(status),
        };
        if (!allowed)
        {
            return Page(session, status, StatusCodes.Status409Conflict, "notAllowed");
        }

        var choices = new ResendChoices(resend == IssuePage.Unknown, resend == IssuePage.Refused);
        switch (await sends.RequestAsync(choices, issueId, cancellationToken))
        {
            case SendRequestResult.Queued:
                await gate.RecordAsync(session, "newsletter.resend", issueId, resend, cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/newsletter/issues/{issueId}?sent=1");
            case SendRequestResult.Busy:
                return Page(session, status, StatusCodes.Status409Conflict, "busy");
            case SendRequestResult.EmailNotReady:
                return Page(session, status, StatusCodes.Status503ServiceUnavailable, "emailNotReady");
            case SendRequestResult.NotFound:
                return Problems.NotFound("There is no newsletter issue with this id.");
            default:
                throw new UnreachableException();
        }
    }

    private IResult Page(ConsoleSession.Open session, NewsletterIssueStatus status, int code, string outcome) =>
        ConsoleGate.Page(code, "console-newsletter-issue", session, language => IssuePage.Model(status, composer, new IssuePage.Outcome(outcome), language));
}
