using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Issues;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Newsletter;

/// <summary>
/// GET /api/newsletter/issues/{issueId}: a sent issue as a web page for browsers (inside the page frame, in the page's
/// language unless <c>language</c> picks a translation), without any personal link; other clients get the issue's
/// content as JSON.
/// </summary>
public sealed class GetNewsletterIssueFunction(NewsletterService newsletter, NewsletterComposer composer)
{
    [Function(nameof(GetNewsletterIssue))]
    public async Task<IResult> GetNewsletterIssue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "newsletter/issues/{issueId}")] HttpRequest request,
        string issueId,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var language = QueryParameters.One(request, "language", errors);
        if (language is not null)
        {
            errors.AddIf("language", MemberRules.CheckLanguage(language, out _));
        }

        return errors.Result(() => language) switch
        {
            Validated<string?>.Valid { Value: var checkedLanguage } => await IssueAsync(request, issueId, checkedLanguage, cancellationToken),
            Validated<string?>.Invalid { Errors: var invalid } => Problems.Validation(invalid),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> IssueAsync(HttpRequest request, string issueId, string? language, CancellationToken cancellationToken)
    {
        var browser = HtmlPages.PrefersHtml(request);
        if (!NewsletterSchedule.IsValidIssueId(issueId)
            || await newsletter.GetArchivedAsync(issueId, browser ? language ?? HtmlPages.Language(request) : language, cancellationToken) is not { } archived)
        {
            return browser ? NewsletterArchivePages.NotFound() : Problems.NotFound("There is no sent newsletter issue with this id.");
        }

        if (!browser)
        {
            var (issue, content, email) = archived;
            return TypedResults.Ok(new
            {
                issue.IssueId,
                email.Subject,
                issue.SentAt,
                content.PeriodStart,
                content.PeriodEnd,
                content.EditorialNote,
                content.Documents,
                content.OpenPolls,
                content.ClosedPolls,
                content.Topics,
                Url = composer.ArchiveUrl(issue.IssueId),
            });
        }

        return NewsletterArchivePages.Issue(archived.Email);
    }
}
