using CoP.Shared.Members;
using CoP.Shared.Newsletter.Issues;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>
/// The member's rows of the delivery ledger (section <c>newsletterDeliveries</c>): for each issue, the batch that
/// carried their copy, what became of it, and the last Event Webhook event about it. Read by point reads, one per
/// issue (the ledger is keyed by issue). Erasing deletes the member's rows (<c>m-{memberId}</c>); the batch rows and
/// the issue's counts stay as they are, since they count copies that were sent and name nobody.
/// </summary>
public sealed class NewsletterDeliveryMemberData(NewsletterIssueStore issues, DeliveryLedgerStore ledger) : IMemberDataHolder
{
    public string Section => "newsletterDeliveries";

    public async Task<object?> ExportAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var deliveries = new List<NewsletterDeliveryRecord>();
        await foreach (var (issue, row) in RowsAsync(member.MemberId, cancellationToken))
        {
            var batch = row.BatchId is null ? null : await ledger.GetLedgerRowAsync(issue.IssueId, NewsletterDeliveryEntity.BatchRow(row.BatchId), cancellationToken);
            deliveries.Add(new NewsletterDeliveryRecord(issue.IssueId, issue.Subject, row.BatchId, batch?.State, batch?.SettledAt ?? batch?.AttemptedAt, row.LastEvent, row.LastEventAt));
        }

        return deliveries;
    }

    public async Task EraseAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        await foreach (var (issue, _) in RowsAsync(member.MemberId, cancellationToken))
        {
            await ledger.DeleteLedgerRowAsync(issue.IssueId, NewsletterDeliveryEntity.MemberRow(member.MemberId), cancellationToken);
        }
    }

    private async IAsyncEnumerable<(NewsletterIssueEntity Issue, NewsletterDeliveryEntity Row)> RowsAsync(
        string memberId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rowKey = NewsletterDeliveryEntity.MemberRow(memberId);
        await foreach (var issue in issues.ListIssuesAsync(cancellationToken))
        {
            if (await ledger.GetLedgerRowAsync(issue.IssueId, rowKey, cancellationToken) is { } row)
            {
                yield return (issue, row);
            }
        }
    }
}

/// <summary>One issue's delivery to the member, as their export shows it.</summary>
public sealed record NewsletterDeliveryRecord(
    string IssueId, string Subject, string? BatchId, string? BatchState, DateTimeOffset? BatchSettledAt, string? LastEvent, DateTimeOffset? LastEventAt);
