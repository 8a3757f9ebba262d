using System.Globalization;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Issues;

namespace CoP.Shared.DomainEvents.Sources;

/// <summary>
/// Reports <c>newsletter.sent</c> (key: the issue id) once an issue is sent to everyone (a run that completes it, or the
/// Event Webhook settling its last batch of unknown outcome). The issue's archive page and its English subject; never
/// who got it.
/// </summary>
public sealed class NewsletterNews(DomainEventLog log, NewsletterIssueStore issues, NewsletterComposer composer)
{
    /// <summary>Reports the issue, if it is sent.</summary>
    public async Task SentAsync(string issueId, CancellationToken cancellationToken = default)
    {
        if (await issues.GetIssueAsync(issueId, cancellationToken) is not { IssueState: IssueState.Sent } issue)
        {
            return;
        }

        var url = composer.ArchiveUrl(issue.IssueId);
        var summary = string.Create(CultureInfo.InvariantCulture, $"News of {issue.PeriodStart:yyyy-MM-dd} to {issue.PeriodEnd:yyyy-MM-dd}");
        var data = new Sent(issue.IssueId, issue.Subject, url, [], issue.PeriodStart, issue.PeriodEnd, issue.SentAt);
        await log.PublishAsync(
            new DomainEventDraft(DomainEventTypes.NewsletterSent, issue.IssueId, issue.Subject, url, [], summary, DomainEventData.Of(data)), cancellationToken);
    }

    /// <summary>No topics: an issue is the whole community's news.</summary>
    private sealed record Sent(string Id, string Title, string Url, IReadOnlyList<string> Topics, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, DateTimeOffset? SentAt);
}
