using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Composition;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Newsletter;

/// <summary>GET /api/newsletter/issues: the public archive, sent issues newest first (a page for browsers, JSON for other clients).</summary>
public sealed class ListNewsletterIssuesFunction(NewsletterService newsletter, NewsletterComposer composer)
{
    [Function(nameof(ListNewsletterIssues))]
    public async Task<IResult> ListNewsletterIssues(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "newsletter/issues")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var issues = await newsletter.ListArchiveAsync(cancellationToken);
        if (HtmlPages.PrefersHtml(request))
        {
            return NewsletterArchivePages.List(issues);
        }

        return TypedResults.Ok(new
        {
            issues = issues.Select(i => new ArchivedIssue(i.IssueId, i.Subject, i.SentAt, i.PeriodStart, i.PeriodEnd, composer.ArchiveUrl(i.IssueId))).ToList(),
        });
    }
}

public sealed record ArchivedIssue(string IssueId, string Subject, DateTimeOffset? SentAt, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, string Url);
