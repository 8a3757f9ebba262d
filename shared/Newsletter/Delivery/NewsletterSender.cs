using System.Runtime.CompilerServices;
using CoP.Shared.Hosting;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>
/// Sends one issue to every subscriber exactly once, with the delivery ledger as the record of who has it: the
/// ledger's earlier batches are settled first (<see cref="LedgerSettlement"/>); subscribers are then streamed page by
/// page and those the ledger does not show as served are grouped into batches (<see cref="BatchPlanner"/>), each
/// variant composed once per run; the batches go out through the ledger (<see cref="BatchDispatcher"/>).
/// </summary>
public sealed partial class NewsletterSender(
    MemberStore members,
    NewsletterComposer composer,
    LedgerSettlement settlement,
    BatchDispatcher dispatcher,
    CommunityMetrics metrics,
    IOptions<NewsletterOptions> options,
    ILogger<NewsletterSender> logger)
{
    public async Task<NewsletterSendReport> SendAsync(NewsletterContent content, ResendChoices resend, LedgerFence fence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var ledger = await settlement.SettleAsync(content.IssueId, resend, cancellationToken);
        var run = await dispatcher.DispatchAsync(PlanAsync(content, ledger.Served, cancellationToken), fence, cancellationToken);
        var report = new NewsletterSendReport(
            ledger.Accepted + run.Accepted,
            run.Accepted,
            ledger.Refused + run.Refused,
            ledger.Unknown + run.Unknown,
            run.NotAccepted,
            run.Requests,
            [.. ledger.UnknownBatches, .. run.UnknownBatches],
            [.. ledger.RefusedBatches, .. run.RefusedBatches]);
        LogFinished(logger, content.IssueId, report.SentThisRun, report.Accepted, report.Unknown, report.Refused, report.NotAccepted, report.Requests);
        CountRecipients("accepted", run.Accepted);
        CountRecipients("refused", run.Refused);
        CountRecipients("unknown", run.Unknown);
        return report;
    }

    /// <summary>The run's batches as the planner makes them, each with its variant's edition (composed once, with markers of its own).</summary>
    private async IAsyncEnumerable<PendingBatch> PlanAsync(
        NewsletterContent content, IReadOnlySet<string> served, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var planner = new BatchPlanner(options.Value.BatchSize, served, audience => NewsletterComposer.VariantKey(content, audience));
        var editions = new Dictionary<string, MemberEdition>(StringComparer.Ordinal);
        await foreach (var page in members.ListSubscriberPagesAsync(cancellationToken))
        {
            foreach (var member in page)
            {
                if (planner.Add(member) is { } batch)
                {
                    yield return Pending(batch);
                }
            }
        }

        foreach (var batch in planner.Remaining())
        {
            yield return Pending(batch);
        }

        PendingBatch Pending(PlannedBatch batch)
        {
            if (!editions.TryGetValue(batch.VariantKey, out var edition))
            {
                edition = composer.ComposeMemberEdition(content, batch.Audience);
                editions[batch.VariantKey] = edition;
            }

            return new PendingBatch(content.IssueId, batch, edition);
        }
    }

    /// <summary>This run's recipients by outcome (the ledger's earlier runs were counted when they ran).</summary>
    private void CountRecipients(string outcome, int recipients)
    {
        if (recipients > 0)
        {
            metrics.NewsletterRecipients.Add(recipients, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information,
        Message = "Newsletter {IssueId}: {SentThisRun} recipients accepted in this run, {Accepted} in all; {Unknown} of unknown outcome, {Refused} refused, {NotAccepted} left for a retry; {Requests} requests")]
    private static partial void LogFinished(ILogger logger, string issueId, int sentThisRun, int accepted, int unknown, int refused, int notAccepted, int requests);
}
