namespace CoP.Shared.Newsletter.Issues;

/// <summary>
/// Opens the issue of a slot: creates its row as <see cref="IssueState.Composing"/> (or takes the one a concurrent run
/// created first), and alerts the admin about earlier issues that never reached everyone.
/// </summary>
public sealed class IssueOpener(NewsletterIssueStore store, NewsletterAlerts alerts, TimeProvider time)
{
    public async Task<NewsletterIssueEntity> OpenAsync(string issueId, DateTimeOffset slot, CancellationToken cancellationToken = default)
    {
        var issue = NewsletterIssueEntity.New(issueId, slot, time.GetUtcNow(), IssueState.Composing);
        if (!await store.TryAddIssueAsync(issue, cancellationToken))
        {
            issue = await store.GetIssueAsync(issueId, cancellationToken)
                ?? throw new InvalidOperationException($"Issue {issueId} was created and removed at once.");
        }

        await ReportUnfinishedAsync(issueId, cancellationToken);
        return issue;
    }

    /// <summary>Alerts the admin about earlier issues that were never finished, when a new one starts.</summary>
    private async Task ReportUnfinishedAsync(string issueId, CancellationToken cancellationToken)
    {
        var unfinished = new List<string>();
        await foreach (var issue in store.ListIssuesAsync(cancellationToken))
        {
            if (string.CompareOrdinal(issue.IssueId, issueId) < 0 && issue.IssueState is IssueState.Composing or IssueState.Sending)
            {
                unfinished.Add(issue.IssueId);
            }
        }

        if (unfinished.Count > 0)
        {
            await alerts.AlertAsync(issueId, "earlier issues were never finished", [
                $"Issues {string.Join(", ", unfinished)} did not reach every subscriber (their runs kept failing).",
                "To finish one: POST /api/manage/newsletter/send with {\"issueId\": \"<id>\"} (function key).",
            ], cancellationToken);
        }
    }
}
