using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Newsletter;

/// <summary>
/// POST /api/console/newsletter/send: sends the current period's issue now, as POST /api/manage/newsletter/send does
/// (the run is queued, through the same ledger as the timer, so nobody gets it twice; a held issue is released, one
/// that needs attention finished); audited as <c>newsletter.send</c> on the issue's id, then 303 to the issue's page.
/// While a run holds the issue (409) or email cannot leave (503), the newsletter page says so and nothing is queued.
/// </summary>
public sealed class SendConsoleNewsletterFunction(
    ConsoleGate gate, QueuedNewsletterSends sends, NewsletterService newsletter, NewsletterIssueStore store, NewsletterSchedule schedule, TimeProvider time)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(SendConsoleNewsletter))]
    public async Task<IResult> SendConsoleNewsletter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/newsletter/send")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session } => await SendAsync(session, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> SendAsync(ConsoleSession.Open session, CancellationToken cancellationToken)
    {
        var result = await sends.RequestAsync(ResendChoices.None, issueId: null, cancellationToken);
        switch (result)
        {
            case SendRequestResult.Queued { IssueId: var issueId }:
                await gate.RecordAsync(session, "newsletter.send", issueId, "queued", cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/newsletter/issues/{issueId}?sent=1");
            case SendRequestResult.Busy:
                return await RefusedAsync(session, StatusCodes.Status409Conflict, "busy", cancellationToken);
            case SendRequestResult.EmailNotReady:
                return await RefusedAsync(session, StatusCodes.Status503ServiceUnavailable, "emailNotReady", cancellationToken);
            case SendRequestResult.NotFound:
                return Problems.NotFound("There is no newsletter issue with this id.");
            default:
                throw new UnreachableException();
        }
    }

    private async Task<IResult> RefusedAsync(ConsoleSession.Open session, int status, string kind, CancellationToken cancellationToken)
    {
        var figures = await NewsletterPage.ReadAsync(newsletter, store, schedule, time, cancellationToken);
        return ConsoleGate.Page(status, "console-newsletter", session, language => NewsletterPage.Model(figures, form: null, new NewsletterPage.Outcome(kind), language));
    }
}
