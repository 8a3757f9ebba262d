using System.Threading.Channels;
using CoP.Shared.EmailEvents;
using CoP.Shared.Hosting;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter;

/// <summary>An admin's decisions for batches the sender would not send again by itself.</summary>
public sealed record ResendChoices(bool Unknown = false, bool Refused = false)
{
    public static ResendChoices None { get; } = new();
}

/// <summary>What one run of the sender found and did; counts are recipients, not batches.</summary>
public sealed record NewsletterSendReport(
    int Accepted,
    int SentThisRun,
    int Refused,
    int Unknown,
    int NotAccepted,
    int Requests,
    IReadOnlyList<string> UnknownBatches,
    IReadOnlyList<string> RefusedBatches)
{
    /// <summary>Every subscriber's copy was accepted: nothing is left to send or to settle.</summary>
    public bool Complete => Refused == 0 && Unknown == 0 && NotAccepted == 0;
}

/// <summary>
/// Sends one issue to every subscriber exactly once, with the delivery ledger as the record of who has it.
/// <list type="number">
/// <item>The ledger is read first; batches of earlier runs are settled: a batch still marked <c>Sending</c>
/// (its answer was lost) counts as accepted once the Event Webhook reported any of its messages; it counts as
/// not accepted, and its recipients are sent again, only when the webhook has reported other batches of the
/// issue (so it is connected) and stayed silent about this one for <see cref="NewsletterOptions.UnknownOutcomeWait"/>,
/// or when an admin asks for it. Until then its recipients are neither sent again nor forgotten: the issue
/// needs attention.</item>
/// <item>Subscribers are streamed page by page; those the ledger does not show as served are grouped by
/// variant (language and topic order) into batches of at most <see cref="NewsletterOptions.BatchSize"/>.</item>
/// <item>For each batch: its recipient rows are written, then its batch row is inserted as <c>Sending</c>,
/// (together with a check that this run still owns the issue's ledger, see <see cref="LedgerFence"/>), then the
/// request is made, then the batch row records the answer. A run that dies before the insert sent
/// nothing; one that dies after it leaves a batch of unknown outcome for the next run to settle, never to
/// resend blindly. A later run that finds recipient rows without a batch row inserts that row itself, as
/// not accepted, so that a run that lost its lease but still lives cannot send that batch after all.</item>
/// </list>
/// </summary>
public sealed partial class NewsletterSender(
    NewsletterStore store,
    MemberStore members,
    NewsletterComposer composer,
    INewsletterTransport transport,
    MemberMailer links,
    CommunityMetrics metrics,
    IOptions<NewsletterOptions> options,
    IOptions<EmailEventOptions> emailEvents,
    TimeProvider time,
    ILogger<NewsletterSender> logger)
{
    private const int LedgerParallelism = 4;
    private const int MaxWaitingRecipients = 20_000;

    public async Task<NewsletterSendReport> SendAsync(NewsletterContent content, ResendChoices resend, LedgerFence fence, CancellationToken cancellationToken = default)
    {
        var ledger = await SettleLedgerAsync(content.IssueId, resend, cancellationToken);
        var run = new RunCounts();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(options.Value.MaxParallelRequests) { SingleWriter = true });
        var workers = Enumerable.Range(0, options.Value.MaxParallelRequests)
            .Select(_ => Task.Run(() => WorkAsync(content, fence, queue.Reader, run, failed, cancellationToken), failed.Token))
            .ToList();
        try
        {
            await ProduceAsync(content, ledger, queue.Writer, failed.Token);
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
        finally
        {
            queue.Writer.TryComplete();
            await Task.WhenAll(workers);
        }

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

    /// <summary>This run's recipients by outcome (the ledger's earlier runs were counted when they ran).</summary>
    private void CountRecipients(string outcome, int recipients)
    {
        if (recipients > 0)
        {
            metrics.NewsletterRecipients.Add(recipients, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>
    /// A member as a recipient of a member edition: their address, and their unsubscribe, profile and vote links
    /// (of the member's current link generation) keyed by the markers of that edition's <paramref name="slots"/>.
    /// </summary>
    public NewsletterRecipient Recipient(NewsletterSlots slots, string memberId, int generation, string email)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var unsubscribe = links.UnsubscribeLink(memberId, generation);
        var substitutions = slots.Fill(unsubscribe, links.ProfileLink(memberId, generation), pollId => links.PollLink(memberId, generation, pollId));
        return new NewsletterRecipient(memberId, new Email.EmailAddress(email), unsubscribe, substitutions);
    }

    private async Task ProduceAsync(NewsletterContent content, LedgerState ledger, ChannelWriter<PendingBatch> queue, CancellationToken cancellationToken)
    {
        var variants = new Dictionary<string, Variant>(StringComparer.Ordinal);
        var batchSize = options.Value.BatchSize;

        // Many small variants (languages × topic orders) must not hold every subscriber until the end: past this
        // many waiting recipients, the fullest variant goes out as a smaller batch.
        var maxWaiting = Math.Max(batchSize, MaxWaitingRecipients);
        var waiting = 0;
        await foreach (var page in members.ListSubscriberPagesAsync(cancellationToken))
        {
            foreach (var member in page)
            {
                if (!member.ReceivesNewsletter || ledger.Served.Contains(member.MemberId))
                {
                    continue;
                }

                var audience = new NewsletterAudience(member.Language, member.Topics.Split(',', StringSplitOptions.RemoveEmptyEntries));
                var key = NewsletterComposer.VariantKey(content, audience);
                if (!variants.TryGetValue(key, out var variant))
                {
                    // Each variant is composed once per run, with markers of its own; its batches carry them.
                    variant = new Variant(composer.ComposeMemberEdition(content, audience));
                    variants[key] = variant;
                }

                variant.Recipients.Add(new WaitingRecipient(member.MemberId, member.LinkGeneration, member.Email));
                waiting++;
                if (variant.Recipients.Count == batchSize)
                {
                    waiting -= variant.Recipients.Count;
                    await queue.WriteAsync(variant.TakeBatch(), cancellationToken);
                }
                else if (waiting > maxWaiting)
                {
                    var fullest = variants.Values.MaxBy(v => v.Recipients.Count)!;
                    waiting -= fullest.Recipients.Count;
                    await queue.WriteAsync(fullest.TakeBatch(), cancellationToken);
                }
            }
        }

        foreach (var variant in variants.Values.Where(v => v.Recipients.Count > 0))
        {
            await queue.WriteAsync(variant.TakeBatch(), cancellationToken);
        }
    }

    /// <summary>
    /// Sends queued batches. A failed sibling stops the dequeuing, never a request in flight: cutting that would
    /// turn a known answer into an unknown outcome. Only the caller's cancellation (the run is killed) does.
    /// </summary>
    private async Task WorkAsync(
        NewsletterContent content, LedgerFence fence, ChannelReader<PendingBatch> queue, RunCounts run, CancellationTokenSource failed, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var pending in queue.ReadAllAsync(failed.Token))
            {
                await SendBatchAsync(pending.ToBatch(content, this), fence, run, cancellationToken);
            }
        }
        catch
        {
            // One failed batch stops the run; the ledger tells the next run where to go on.
            await failed.CancelAsync();
            throw;
        }
    }

    private async Task SendBatchAsync(NewsletterBatch batch, LedgerFence fence, RunCounts run, CancellationToken cancellationToken)
    {
        var rows = batch.Recipients
            .Select(r => new NewsletterDeliveryEntity { RowKey = NewsletterDeliveryEntity.MemberRow(r.MemberId), BatchId = batch.BatchId })
            .ToList();
        await store.WriteLedgerAsync(batch.IssueId, rows, LedgerParallelism, cancellationToken);

        var batchRow = new NewsletterDeliveryEntity
        {
            PartitionKey = batch.IssueId,
            RowKey = NewsletterDeliveryEntity.BatchRow(batch.BatchId),
            State = nameof(BatchState.Sending),
            Recipients = batch.Recipients.Count,
            AttemptedAt = time.GetUtcNow(),
        };
        if (!await fence.TryInsertBatchRowAsync(batchRow, cancellationToken))
        {
            // Another run settled this batch as never sent (this run had lost its lease): it must not go out now.
            LogBatchTaken(logger, batch.IssueId, batch.BatchId);
            run.Add(BatchResult.NotAccepted, batch, requested: false);
            return;
        }

        // From here on the outcome is unknown until the answer is recorded, and a cancellation leaves it so.
        var outcome = await transport.SendAsync(batch, cancellationToken);
        run.Add(outcome.Result, batch, requested: true);
        if (outcome.Result == BatchResult.Unknown)
        {
            return;
        }

        var state = outcome.Result switch
        {
            BatchResult.Accepted => BatchState.Accepted,
            BatchResult.Refused => BatchState.Refused,
            _ => BatchState.NotAccepted,
        };
        // The answer is recorded even when the run is being killed: it is the one thing the next run needs.
        await SettleAsync(batchRow, state, outcome, CancellationToken.None);
    }

    /// <summary>
    /// Records a batch's final state and returns the state written; re-reads when an event was merged into the
    /// row meanwhile (an event turns "not accepted" into "accepted").
    /// </summary>
    private async Task<BatchState> SettleAsync(NewsletterDeliveryEntity batchRow, BatchState state, BatchOutcome? outcome, CancellationToken cancellationToken)
    {
        var row = batchRow;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            row.State = state.ToString();
            row.SettledAt = time.GetUtcNow();
            row.StatusCode = outcome?.StatusCode ?? row.StatusCode;
            row.ProviderMessageId = outcome?.ProviderMessageId ?? row.ProviderMessageId;
            if (await store.TryReplaceLedgerRowAsync(row, cancellationToken))
            {
                return state;
            }

            row = await store.GetLedgerRowAsync(row.PartitionKey, row.RowKey, cancellationToken)
                ?? throw new InvalidOperationException($"The ledger row of batch {batchRow.Key} vanished.");

            // An event that arrived meanwhile proves the batch was accepted after all.
            if (state == BatchState.NotAccepted && row.LastEvent is not null && outcome is null)
            {
                state = BatchState.Accepted;
            }
        }

        throw new InvalidOperationException($"The ledger row of batch {batchRow.Key} kept changing.");
    }

    private async Task<LedgerState> SettleLedgerAsync(string issueId, ResendChoices resend, CancellationToken cancellationToken)
    {
        var batchOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var batches = new Dictionary<string, NewsletterDeliveryEntity>(StringComparer.Ordinal);
        await foreach (var row in store.ReadLedgerAsync(issueId, cancellationToken))
        {
            if (row.IsBatch)
            {
                batches[row.Key] = row;
            }
            else if (row.BatchId is not null)
            {
                batchOf[row.Key] = row.BatchId;
            }
        }

        // Recipient rows whose batch row was never inserted: that run died before its request. The row is
        // inserted now, as not accepted, so that the request can never be made after all.
        foreach (var batchId in batchOf.Values.Distinct(StringComparer.Ordinal).Where(id => !batches.ContainsKey(id)).ToList())
        {
            var tombstone = new NewsletterDeliveryEntity
            {
                PartitionKey = issueId,
                RowKey = NewsletterDeliveryEntity.BatchRow(batchId),
                State = nameof(BatchState.NotAccepted),
                SettledAt = time.GetUtcNow(),
            };
            batches[batchId] = await store.TryAddLedgerRowAsync(tombstone, cancellationToken)
                ? tombstone
                : await store.GetLedgerRowAsync(issueId, tombstone.RowKey, cancellationToken) ?? tombstone;
        }

        var now = time.GetUtcNow();
        var state = new LedgerState();

        // Silence means "not accepted" only from a webhook that is known to report this issue's batches.
        var webhookReports = emailEvents.Value.IsConfigured && batches.Values.Any(b => b.LastEvent is not null);
        foreach (var (batchId, row) in batches)
        {
            var batchState = row.BatchState;
            if (batchState == BatchState.Refused && resend.Refused)
            {
                batchState = await SettleAsync(row, BatchState.NotAccepted, null, cancellationToken);
                LogRefusedResent(logger, issueId, batchId);
            }
            else if (batchState == BatchState.Sending)
            {
                if (row.LastEvent is not null)
                {
                    // Any event for one of its messages means SendGrid accepted the request, and with it every copy.
                    batchState = await SettleAsync(row, BatchState.Accepted, null, cancellationToken);
                    LogSettledByEvent(logger, issueId, batchId);
                }
                else if (resend.Unknown || (webhookReports && now - (row.AttemptedAt ?? now) >= options.Value.UnknownOutcomeWait))
                {
                    batchState = await SettleAsync(row, BatchState.NotAccepted, null, cancellationToken);
                    LogSettledAsNotAccepted(logger, issueId, batchId, resend.Unknown);
                }
            }

            state.Count(batchId, batchState, row.Recipients ?? 0);
        }

        foreach (var (memberId, batchId) in batchOf)
        {
            if (batches.TryGetValue(batchId, out var row) && row.BatchState is BatchState.Accepted or BatchState.Refused or BatchState.Sending)
            {
                state.Served.Add(memberId);
            }
        }

        return state;
    }

    /// <summary>Members of one variant waiting for a batch: only id and address, their links are made at sending time.</summary>
    private sealed class Variant(MemberEdition edition)
    {
        public List<WaitingRecipient> Recipients { get; private set; } = [];

        public PendingBatch TakeBatch()
        {
            var batch = new PendingBatch(Guid.NewGuid().ToString("N")[..16], edition, Recipients);
            Recipients = [];
            return batch;
        }
    }

    private sealed record WaitingRecipient(string MemberId, int Generation, string Email);

    /// <summary>A batch's recipients with the edition they get: its body and its markers travel together into one request.</summary>
    private sealed record PendingBatch(string BatchId, MemberEdition Edition, List<WaitingRecipient> Recipients)
    {
        public NewsletterBatch ToBatch(NewsletterContent content, NewsletterSender sender) => new(
            content.IssueId,
            BatchId,
            Edition.Email,
            [.. Recipients.Select(r => sender.Recipient(Edition.Slots, r.MemberId, r.Generation, r.Email))]);
    }

    /// <summary>What the ledger says before this run sends anything.</summary>
    private sealed class LedgerState
    {
        /// <summary>Members whose copy was accepted, refused, or is of unknown outcome: not sent again.</summary>
        public HashSet<string> Served { get; } = new(StringComparer.Ordinal);

        public int Accepted { get; private set; }

        public int Refused { get; private set; }

        public int Unknown { get; private set; }

        public List<string> UnknownBatches { get; } = [];

        public List<string> RefusedBatches { get; } = [];

        public void Count(string batchId, BatchState state, int recipients)
        {
            switch (state)
            {
                case BatchState.Accepted:
                    Accepted += recipients;
                    break;
                case BatchState.Refused:
                    Refused += recipients;
                    RefusedBatches.Add(batchId);
                    break;
                case BatchState.Sending:
                    Unknown += recipients;
                    UnknownBatches.Add(batchId);
                    break;
            }
        }
    }

    private sealed class RunCounts
    {
        private readonly Lock _gate = new();

        public int Accepted { get; private set; }

        public int Refused { get; private set; }

        public int Unknown { get; private set; }

        public int NotAccepted { get; private set; }

        public int Requests { get; private set; }

        public List<string> UnknownBatches { get; } = [];

        public List<string> RefusedBatches { get; } = [];

        public void Add(BatchResult result, NewsletterBatch batch, bool requested)
        {
            lock (_gate)
            {
                Requests += requested ? 1 : 0;
                var count = batch.Recipients.Count;
                switch (result)
                {
                    case BatchResult.Accepted:
                        Accepted += count;
                        break;
                    case BatchResult.Refused:
                        Refused += count;
                        RefusedBatches.Add(batch.BatchId);
                        break;
                    case BatchResult.Unknown:
                        Unknown += count;
                        UnknownBatches.Add(batch.BatchId);
                        break;
                    default:
                        NotAccepted += count;
                        break;
                }
            }
        }
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information,
        Message = "Newsletter {IssueId}: {SentThisRun} recipients accepted in this run, {Accepted} in all; {Unknown} of unknown outcome, {Refused} refused, {NotAccepted} left for a retry; {Requests} requests")]
    private static partial void LogFinished(ILogger logger, string issueId, int sentThisRun, int accepted, int unknown, int refused, int notAccepted, int requests);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information,
        Message = "Newsletter {IssueId} batch {BatchId}: the Event Webhook reported its messages, so it was accepted")]
    private static partial void LogSettledByEvent(ILogger logger, string issueId, string batchId);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning,
        Message = "Newsletter {IssueId} batch {BatchId}: no event ever came for it, so it counts as not accepted and is sent again (admin request: {ByAdmin})")]
    private static partial void LogSettledAsNotAccepted(ILogger logger, string issueId, string batchId, bool byAdmin);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning,
        Message = "Newsletter {IssueId} batch {BatchId}: refused before, sent again at an admin's request")]
    private static partial void LogRefusedResent(ILogger logger, string issueId, string batchId);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning,
        Message = "Newsletter {IssueId} batch {BatchId} was settled by another run before its request; it is not sent")]
    private static partial void LogBatchTaken(ILogger logger, string issueId, string batchId);
}
