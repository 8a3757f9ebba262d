using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Newsletter;

/// <summary>
/// GET /api/console/newsletter/preview?language=en|fr|es: the next issue as a sample member gets it in that language
/// (the composition of GET /api/manage/newsletter/preview for a sample member, whose links open nothing): its subject
/// and its text part, shown inside the console page (the HTML part would need its own styles). Nothing is stored or sent.
/// </summary>
public sealed class PreviewConsoleNewsletterFunction(ConsoleGate gate, NewsletterService newsletter)
{
    /// <summary>The languages an issue is written in.</summary>
    public static readonly string[] Languages = ["en", "fr", "es"];

    [Function(nameof(PreviewConsoleNewsletter))]
    public async Task<IResult> PreviewConsoleNewsletter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/newsletter/preview")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var language = request.Query["language"] is { Count: 1 } one ? one[0] ?? "" : request.Query["language"].Count == 0 ? "en" : "";
        if (!Languages.Contains(language))
        {
            return Problems.Validation("language", "Use en, fr or es.");
        }

        var preview = await newsletter.PreviewAsync(memberId: null, language, topics: null, cancellationToken)
            ?? throw new InvalidOperationException("A sample member's preview is always composed.");
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-newsletter-preview", session, _ => new
        {
            Language = language,
            preview.IssueId,
            preview.HasNews,
            preview.Email.Subject,
            Text = preview.Email.TextBody,
        });
    }
}
