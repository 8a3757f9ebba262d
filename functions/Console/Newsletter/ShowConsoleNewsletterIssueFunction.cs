using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Issues;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Newsletter;

/// <summary>
/// GET /api/console/newsletter/issues/{issueId}: an issue's state, slot, period and counts (as GET
/// /api/manage/newsletter/issues/{issueId} gives them), its batches that need attention, and the sends the documented
/// rules allow on it (<see cref="IssuePage"/>). <c>?sent=1</c> says a send was just queued. 404 for an unknown issue.
/// </summary>
public sealed class ShowConsoleNewsletterIssueFunction(ConsoleGate gate, NewsletterService newsletter, NewsletterComposer composer)
{
    [Function(nameof(ShowConsoleNewsletterIssue))]
    public async Task<IResult> ShowConsoleNewsletterIssue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/newsletter/issues/{issueId}")] HttpRequest request,
        string issueId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        if (!NewsletterSchedule.IsValidIssueId(issueId) || await newsletter.GetStatusAsync(issueId, cancellationToken) is not { } status)
        {
            return Problems.NotFound("There is no newsletter issue with this id.");
        }

        var outcome = request.Query["sent"] == "1" ? new IssuePage.Outcome("sent") : null;
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-newsletter-issue", session, language => IssuePage.Model(status, composer, outcome, language));
    }
}
