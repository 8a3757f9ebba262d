using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Issues;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Newsletter;

/// <summary>
/// GET /api/console/newsletter: the next slot, the issue a send now works on, the editorial note's form, the send-now
/// form, links to the preview in each language, and the issues newest first with their counts (those held or needing
/// attention first, highlighted). <c>?noted=1</c> says the note was just saved.
/// </summary>
public sealed class ShowConsoleNewsletterFunction(
    ConsoleGate gate, NewsletterService newsletter, NewsletterIssueStore store, NewsletterSchedule schedule, TimeProvider time)
{
    [Function(nameof(ShowConsoleNewsletter))]
    public async Task<IResult> ShowConsoleNewsletter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/newsletter")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var figures = await NewsletterPage.ReadAsync(newsletter, store, schedule, time, cancellationToken);
        var outcome = request.Query["noted"] == "1" ? new NewsletterPage.Outcome("noted") : null;
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-newsletter", session, language => NewsletterPage.Model(figures, form: null, outcome, language));
    }
}
