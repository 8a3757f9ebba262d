using System.Globalization;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter;

public enum NewsletterRunOutcome
{
    /// <summary>Every subscriber's copy was accepted (in this run or before).</summary>
    Sent,

    /// <summary>Nothing new in the period: no issue goes out.</summary>
    Skipped,

    /// <summary>The run came too late after its slot: the issue is held for an admin.</summary>
    Held,

    /// <summary>Some batches were refused or their outcome is unknown: the admin has the report.</summary>
    NeedsAttention,

    /// <summary>Some recipients could not be sent to now (SendGrid kept answering 429/5xx); a retry goes on.</summary>
    Incomplete,

    /// <summary>Another run holds the issue's lease.</summary>
    Busy,

    /// <summary>An admin named an issue that does not exist.</summary>
    NotFound,

    /// <summary>
    /// Email cannot leave (the SendGrid key is missing or unresolved): nothing was composed, recorded or sent, so a
    /// run once the key is stored sends the issue as if this one never happened.
    /// </summary>
    EmailNotReady,

    /// <summary>An admin's send was accepted: the issue row exists, and its run waits in the <c>newsletter-runs</c> queue.</summary>
    Queued,
}

public sealed record NewsletterRunResult(string IssueId, NewsletterRunOutcome Outcome, NewsletterSendReport? Report = null);

/// <summary>An issue for the admin: its row, whether a run holds it now, and its batches of unknown outcome or refused.</summary>
public sealed record NewsletterIssueStatus(NewsletterIssueEntity Issue, bool Running, IReadOnlyList<NewsletterDeliveryEntity> BatchesNeedingAttention);

/// <summary>A preview of the next issue: who it is rendered for, and the email.</summary>
public sealed record NewsletterPreview(string IssueId, string? MemberId, Email.ComposedEmail Email, bool HasNews);

/// <summary>
/// Runs the newsletter: the scheduled run (with its stale-schedule guard), an admin's send, the preview, the
/// editorial note and the public archive. Each run works on the issue of the schedule's current slot, so a
/// retry or a catch-up run continues the same issue, and the delivery ledger makes sure nobody gets it twice.
/// </summary>
public sealed partial class NewsletterService(
    NewsletterStore store,
    NewsletterContentBuilder contentBuilder,
    NewsletterComposer composer,
    NewsletterSender sender,
    NewsletterAlerts alerts,
    NewsletterSettlement settlement,
    MemberStore members,
    IOptions<NewsletterOptions> options,
    IOptions<Email.EmailOptions> email,
    TimeProvider time,
    ILogger<NewsletterService> logger)
{
    public const int MaxNoteLength = 4000;

    private readonly NewsletterSchedule _schedule = NewsletterSchedule.Parse(options.Value.Schedule);

    /// <summary>The id of the issue a run now would work on.</summary>
    public string CurrentIssueId => NewsletterSchedule.IssueId(_schedule.SlotAt(time.GetUtcNow()));

    /// <summary>A timer may fire a moment before its slot (clock skew): such a run belongs to the coming slot.</summary>
    public static readonly TimeSpan EarlyFiringTolerance = TimeSpan.FromSeconds(30);

    /// <summary>The timer's run: holds the issue instead of sending when the run starts too long after its slot.</summary>
    public Task<NewsletterRunResult> RunScheduledAsync(CancellationToken cancellationToken = default) =>
        RunAsync(scheduled: true, issueId: null, slotAt: null, ResendChoices.None, cancellationToken);

    /// <summary>
    /// An admin's send: the current issue, or an earlier one that was held or left unfinished
    /// (<paramref name="issueId"/>). No stale guard (a person decided); the same ledger, so nobody gets it twice.
    /// </summary>
    public Task<NewsletterRunResult> SendNowAsync(ResendChoices resend, string? issueId = null, CancellationToken cancellationToken = default) =>
        RunAsync(scheduled: false, issueId, slotAt: null, resend, cancellationToken);

    /// <summary>
    /// An admin's send as queued earlier (<see cref="PrepareSendAsync"/>): the issue named, which is created for
    /// <paramref name="slotAt"/> if it is gone, so that a run after the next slot still sends the issue the admin meant.
    /// </summary>
    public Task<NewsletterRunResult> SendNowAsync(ResendChoices resend, string issueId, DateTimeOffset slotAt, CancellationToken cancellationToken = default) =>
        RunAsync(scheduled: false, issueId, slotAt, resend, cancellationToken);

    /// <summary>
    /// What an admin's send can be told at once, before its run is queued: email cannot leave (nothing is read or
    /// written), the issue named does not exist, or a run holds it now. Otherwise the issue of the current slot (or
    /// the one named) exists afterwards, so that its status can be read, and the outcome is <see cref="NewsletterRunOutcome.Queued"/>
    /// with the issue's slot.
    /// </summary>
    public async Task<(NewsletterRunResult Result, DateTimeOffset SlotAt)> PrepareSendAsync(string? issueId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (email.Value.NotReadyBecause is { } notReady)
        {
            var held = issueId ?? CurrentIssueId;
            LogEmailNotReady(logger, held, notReady);
            return (new NewsletterRunResult(held, NewsletterRunOutcome.EmailNotReady), default);
        }

        var issue = issueId is null ? null : await store.GetIssueAsync(issueId, cancellationToken);
        if (issueId is not null && issue is null)
        {
            return (new NewsletterRunResult(issueId, NewsletterRunOutcome.NotFound), default);
        }

        var slot = issue?.SlotAt ?? _schedule.SlotAt(now);
        issueId ??= NewsletterSchedule.IssueId(slot);
        issue ??= await store.GetIssueAsync(issueId, cancellationToken);
        if (issue?.LeaseOwner is not null && issue.LeaseUntil > now)
        {
            return (new NewsletterRunResult(issueId, NewsletterRunOutcome.Busy), slot);
        }

        if (issue is null)
        {
            await CreateIssueAsync(issueId, slot, cancellationToken);
            await ReportUnfinishedAsync(issueId, cancellationToken);
        }

        return (new NewsletterRunResult(issueId, NewsletterRunOutcome.Queued), slot);
    }

    /// <summary>
    /// An issue as the admin's status shows it: its row, whether a run holds it now, and its batches that need
    /// attention (of unknown outcome, or refused). Null when there is no such issue.
    /// </summary>
    public async Task<NewsletterIssueStatus?> GetStatusAsync(string issueId, CancellationToken cancellationToken = default)
    {
        var issue = await store.GetIssueAsync(issueId, cancellationToken);
        if (issue is null)
        {
            return null;
        }

        var batches = new List<NewsletterDeliveryEntity>();
        await foreach (var batch in store.ReadBatchRowsAsync(issueId, cancellationToken))
        {
            if (batch.BatchState is BatchState.Sending or BatchState.Refused)
            {
                batches.Add(batch);
            }
        }

        var running = issue.LeaseOwner is not null && issue.LeaseUntil > time.GetUtcNow();
        return new NewsletterIssueStatus(issue, running, batches);
    }

    /// <summary>
    /// The current issue as <paramref name="memberId"/> would get it (null when there is no such member), or as
    /// a sample member with the given language and topics gets it. Before the issue is composed, it shows what
    /// a run now would compose; nothing is stored or sent.
    /// </summary>
    public async Task<NewsletterPreview?> PreviewAsync(string? memberId, string? language, IReadOnlyList<string>? topics, CancellationToken cancellationToken = default)
    {
        var member = memberId is null
            ? new MemberEntity { PartitionKey = new string('0', 32), Language = language ?? Email.EmailComposer.DefaultLanguage, Topics = string.Join(',', topics ?? []) }
            : await members.GetAsync(memberId, cancellationToken);
        if (member is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var slot = _schedule.SlotAt(now);
        var issueId = NewsletterSchedule.IssueId(slot);
        var content = await store.LoadContentAsync(issueId, cancellationToken)
            ?? await ComposeAsync(issueId, slot, now, await store.GetNoteAsync(cancellationToken), cancellationToken);

        // A sample member's links carry an all-zero member id: they look real and open nothing.
        var audience = new NewsletterAudience(member.Language, member.Topics.Split(',', StringSplitOptions.RemoveEmptyEntries));
        var edition = composer.ComposeMemberEdition(content, audience);
        var personal = NewsletterMessages.Substitute(edition.Email, sender.Recipient(edition.Slots, member.MemberId, member.LinkGeneration, member.Email).Substitutions);
        return new NewsletterPreview(issueId, memberId is null ? null : member.MemberId, personal, content.HasNews);
    }

    /// <summary>Sets (or, with empty text, clears) the editorial note of the next issue.</summary>
    public Task SetNoteAsync(string text, CancellationToken cancellationToken = default) =>
        store.SetNoteAsync(text.Trim(), time.GetUtcNow(), cancellationToken);

    public async Task<string?> GetNoteAsync(CancellationToken cancellationToken = default) =>
        (await store.GetNoteAsync(cancellationToken))?.Text is { Length: > 0 } text ? text : null;

    /// <summary>Sent issues, newest first: the public archive.</summary>
    public async Task<IReadOnlyList<NewsletterIssueEntity>> ListArchiveAsync(CancellationToken cancellationToken = default)
    {
        var sent = new List<NewsletterIssueEntity>();
        await foreach (var issue in store.ListIssuesAsync(cancellationToken))
        {
            if (issue.IssueState == IssueState.Sent)
            {
                sent.Add(issue);
            }
        }

        sent.Reverse();
        return sent;
    }

    /// <summary>A sent issue as the archive shows it: without any personal link. Null when there is no such sent issue.</summary>
    public async Task<(NewsletterIssueEntity Issue, NewsletterContent Content, Email.ComposedEmail Email)?> GetArchivedAsync(
        string issueId, string? language, CancellationToken cancellationToken = default)
    {
        var issue = await store.GetIssueAsync(issueId, cancellationToken);
        if (issue?.IssueState != IssueState.Sent || await store.LoadContentAsync(issueId, cancellationToken) is not { } content)
        {
            return null;
        }

        return (issue, content, composer.ComposeArchiveEdition(content, new NewsletterAudience(language, [])));
    }

    private async Task<NewsletterRunResult> RunAsync(bool scheduled, string? issueId, DateTimeOffset? slotAt, ResendChoices resend, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (email.Value.NotReadyBecause is { } notReady)
        {
            // Held before anything is read or written: the ledger must not record a send that never left.
            var held = issueId ?? NewsletterSchedule.IssueId(_schedule.SlotAt(scheduled ? now + EarlyFiringTolerance : now));
            LogEmailNotReady(logger, held, notReady);
            return new NewsletterRunResult(held, NewsletterRunOutcome.EmailNotReady);
        }

        NewsletterIssueEntity? issue;
        DateTimeOffset slot;
        if (issueId is not null)
        {
            issue = await store.GetIssueAsync(issueId, cancellationToken);
            if (issue is null && slotAt is null)
            {
                return new NewsletterRunResult(issueId, NewsletterRunOutcome.NotFound);
            }

            slot = issue?.SlotAt ?? slotAt!.Value;
        }
        else
        {
            slot = _schedule.SlotAt(scheduled ? now + EarlyFiringTolerance : now);
            issueId = NewsletterSchedule.IssueId(slot);
            issue = await store.GetIssueAsync(issueId, cancellationToken);
        }

        switch (issue?.IssueState)
        {
            case IssueState.Sent:
                return new NewsletterRunResult(issueId, NewsletterRunOutcome.Sent);
            case IssueState.Skipped when scheduled:
                return new NewsletterRunResult(issueId, NewsletterRunOutcome.Skipped);
            case IssueState.NeedsAttention when scheduled:
                // Only an admin's send changes an issue that waits for a decision.
                return new NewsletterRunResult(issueId, NewsletterRunOutcome.NeedsAttention);
            case IssueState.Held when scheduled:
                return new NewsletterRunResult(issueId, NewsletterRunOutcome.Held);
        }

        if (scheduled && now - slot > options.Value.StaleAfter)
        {
            return await HoldAsync(issueId, slot, issue, now, cancellationToken);
        }

        if (issue is null)
        {
            issue = await CreateIssueAsync(issueId, slot, cancellationToken);
            await ReportUnfinishedAsync(issueId, cancellationToken);
        }

        await using var lease = await IssueLease.TryAcquireAsync(store, issue, time, logger, cancellationToken);
        if (lease is null)
        {
            return new NewsletterRunResult(issueId, NewsletterRunOutcome.Busy);
        }

        var content = await ContentForAsync(lease, now, lease.Lost);
        if (content is null)
        {
            await lease.UpdateAsync(i => i.State = nameof(IssueState.Skipped), release: true, lease.Lost);
            LogSkipped(logger, issueId);
            return new NewsletterRunResult(issueId, NewsletterRunOutcome.Skipped);
        }

        using var fence = await store.TakeFenceAsync(issueId, lease.Owner, lease.Lost);
        var report = await sender.SendAsync(content, resend, fence, lease.Lost);
        return await CompleteAsync(lease, report, lease.Lost);
    }

    private async Task<NewsletterRunResult> HoldAsync(string issueId, DateTimeOffset slot, NewsletterIssueEntity? issue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (issue?.LeaseOwner is not null && issue.LeaseUntil > now)
        {
            // An admin's send is working on it.
            return new NewsletterRunResult(issueId, NewsletterRunOutcome.Busy);
        }

        var late = now - slot;
        var reason = $"The scheduled run started {FormatDelay(late)} after its slot ({slot:yyyy-MM-dd HH:mm} UTC), more than Newsletter__StaleAfter ({options.Value.StaleAfter}). Nothing was sent by this run.";

        // An issue that went out to some members already keeps its period (the next issue must not repeat it):
        // it waits for the admin as unfinished instead of being held.
        var started = issue?.IssueState == IssueState.Sending;
        var held = issue ?? NewIssue(issueId, slot, now, IssueState.Held);
        held.State = started ? nameof(IssueState.NeedsAttention) : nameof(IssueState.Held);
        reason += started ? " The issue had gone out to some members; the others are waiting." : "";
        held.Note = reason;
        held.AlertedAt = now;
        held.SettlesByItself = false;
        var written = issue is null ? await store.TryAddIssueAsync(held, cancellationToken) : await store.TryReplaceIssueAsync(held, cancellationToken);
        if (!written)
        {
            return new NewsletterRunResult(issueId, NewsletterRunOutcome.Busy);
        }

        LogHeld(logger, issueId, slot, late);
        await alerts.AlertAsync(issueId, "held: the scheduled run came too late", [
            reason,
            started
                ? $"To send it to the others: POST /api/manage/newsletter/send with {{\"issueId\": \"{issueId}\"}} (function key)."
                : "To send it anyway: POST /api/manage/newsletter/send (function key). To let it go, do nothing: the next issue covers its period.",
        ], cancellationToken);
        return new NewsletterRunResult(issueId, started ? NewsletterRunOutcome.NeedsAttention : NewsletterRunOutcome.Held);
    }

    private async Task<NewsletterIssueEntity> CreateIssueAsync(string issueId, DateTimeOffset slot, CancellationToken cancellationToken)
    {
        var issue = NewIssue(issueId, slot, time.GetUtcNow(), IssueState.Composing);
        if (await store.TryAddIssueAsync(issue, cancellationToken))
        {
            return issue;
        }

        return await store.GetIssueAsync(issueId, cancellationToken)
            ?? throw new InvalidOperationException($"Issue {issueId} was created and removed at once.");
    }

    /// <summary>
    /// The issue's frozen content: stored by the first run that composed it, composed now otherwise (the
    /// period runs from the end of the previous issue to now). Null when there is nothing new and that skips.
    /// </summary>
    private async Task<NewsletterContent?> ContentForAsync(IssueLease lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var issue = lease.Issue;
        var note = await store.GetNoteAsync(cancellationToken);
        if (await store.LoadContentAsync(issue.IssueId, cancellationToken) is { } stored)
        {
            await MarkSendingAsync(lease, stored, cancellationToken);
            await ClearUsedNoteAsync(note, stored, cancellationToken);
            return stored;
        }

        var content = await ComposeAsync(issue.IssueId, issue.SlotAt, now, note, cancellationToken);
        if (!content.HasNews && options.Value.SkipWhenNothingNew)
        {
            // The skipped period is closed, so the next issue starts where this one would have ended.
            await lease.UpdateAsync(i => (i.PeriodStart, i.PeriodEnd) = (content.PeriodStart, content.PeriodEnd), release: false, cancellationToken);
            return null;
        }

        content = await store.SaveContentAsync(content, cancellationToken);
        await MarkSendingAsync(lease, content, cancellationToken);
        await ClearUsedNoteAsync(note, content, cancellationToken);
        return content;
    }

    /// <summary>
    /// What the issue of <paramref name="slot"/> reports when composed now: from the previous issue's end to
    /// <see cref="NewsletterOptions.PublishDelay"/> before now. A document is dated when it is published and listed
    /// a moment later; one listed after the issue was composed would otherwise fall between two issues.
    /// </summary>
    private async Task<NewsletterContent> ComposeAsync(
        string issueId, DateTimeOffset slot, DateTimeOffset now, NewsletterNoteEntity? note, CancellationToken cancellationToken)
    {
        var periodStart = await PeriodStartAsync(issueId, slot, cancellationToken);
        var periodEnd = now - options.Value.PublishDelay > periodStart ? now - options.Value.PublishDelay : periodStart;
        return await contentBuilder.BuildAsync(issueId, periodStart, periodEnd, now, note?.Text, cancellationToken);
    }

    private async Task ClearUsedNoteAsync(NewsletterNoteEntity? note, NewsletterContent content, CancellationToken cancellationToken)
    {
        if (note is not null && content.EditorialNote == note.Text.Trim())
        {
            await store.TryClearNoteAsync(note, cancellationToken);
        }
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

    private Task MarkSendingAsync(IssueLease lease, NewsletterContent content, CancellationToken cancellationToken)
    {
        if (lease.Issue.IssueState == IssueState.Sending)
        {
            return Task.CompletedTask;
        }

        var subject = composer.ComposeArchiveEdition(content, new NewsletterAudience(null, [])).Subject;
        return lease.UpdateAsync(
            issue =>
            {
                issue.State = nameof(IssueState.Sending);
                issue.PeriodStart = content.PeriodStart;
                issue.PeriodEnd = content.PeriodEnd;
                issue.Subject = subject;
                issue.Note = null;
                issue.SettlesByItself = false;
            },
            release: false,
            cancellationToken);
    }

    private async Task<NewsletterRunResult> CompleteAsync(IssueLease lease, NewsletterSendReport report, CancellationToken cancellationToken)
    {
        var outcome = report switch
        {
            { NotAccepted: > 0 } => NewsletterRunOutcome.Incomplete,
            { Complete: true } => NewsletterRunOutcome.Sent,
            _ => NewsletterRunOutcome.NeedsAttention,
        };
        var note = outcome == NewsletterRunOutcome.NeedsAttention ? AttentionNote(report) : null;

        // Everyone is in a batch and none was refused: only batches of unknown outcome are left, which the webhook settles.
        var settles = outcome == NewsletterRunOutcome.NeedsAttention && report.Refused == 0;
        var now = time.GetUtcNow();
        var firstIncomplete = outcome == NewsletterRunOutcome.Incomplete && lease.Issue.AlertedAt is null;
        await lease.UpdateAsync(
            issue =>
            {
                issue.Recipients = report.Accepted;
                issue.Refused = report.Refused;
                issue.Unknown = report.Unknown;
                issue.Waiting = report.NotAccepted;
                issue.SettlesByItself = settles;
                issue.State = outcome switch
                {
                    NewsletterRunOutcome.Sent => nameof(IssueState.Sent),
                    NewsletterRunOutcome.NeedsAttention => nameof(IssueState.NeedsAttention),
                    _ => nameof(IssueState.Sending),
                };
                issue.SentAt = outcome == NewsletterRunOutcome.Sent ? now : issue.SentAt;
                issue.Note = note;
                issue.AlertedAt = note is not null || firstIncomplete ? now : issue.AlertedAt;
            },
            release: true,
            cancellationToken);

        if (settles && await settlement.SettleAsync(lease.Issue.IssueId, cancellationToken))
        {
            // The webhook reported those batches while this run was still going: nothing needs a decision.
            return new NewsletterRunResult(lease.Issue.IssueId, NewsletterRunOutcome.Sent, report);
        }

        if (note is not null)
        {
            await alerts.AlertAsync(lease.Issue.IssueId, "some recipients need a decision", [
                note,
                .. report.UnknownBatches.Select(b => $"Batch of unknown outcome: {b}"),
                .. report.RefusedBatches.Select(b => $"Batch refused by SendGrid: {b}"),
            ], cancellationToken);
        }

        if (firstIncomplete)
        {
            await alerts.AlertAsync(lease.Issue.IssueId, "SendGrid keeps refusing with 429/5xx (or refuses the key)", [
                string.Create(CultureInfo.InvariantCulture, $"{report.NotAccepted} recipients are waiting; {report.Accepted} have it. The timer retries the run; an admin's send does too."),
                "If SendGrid answered 401 or 403, check Email__SendGridApiKey.",
            ], cancellationToken);
        }

        return new NewsletterRunResult(lease.Issue.IssueId, outcome, report);
    }

    private string AttentionNote(NewsletterSendReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"{report.Accepted} recipients accepted; {report.Unknown} in batches of unknown outcome (a request timed out or its run died); {report.Refused} in batches SendGrid refused. ") +
        "Batches of unknown outcome are settled by the Event Webhook: once SendGrid reports one of their messages, they count as sent. " +
        string.Create(CultureInfo.InvariantCulture, $"With the webhook configured, a batch that stays silent for {options.Value.UnknownOutcomeWait} is sent again by the next send (POST /api/manage/newsletter/send); ") +
        "without it, check SendGrid's activity and send with {\"resendUnknown\": true} only if those recipients got nothing.";

    /// <summary>The previous issue's end (an issue that went out, or was skipped), else the schedule's previous slot.</summary>
    private async Task<DateTimeOffset> PeriodStartAsync(string issueId, DateTimeOffset slot, CancellationToken cancellationToken)
    {
        NewsletterIssueEntity? previous = null;
        await foreach (var issue in store.ListIssuesAsync(cancellationToken))
        {
            // Held and Composing issues have no content: their periods belong to the next issue that has.
            if (string.CompareOrdinal(issue.IssueId, issueId) < 0 && issue.IssueState is not (IssueState.Held or IssueState.Composing))
            {
                previous = issue;
            }
        }

        return previous?.PeriodEnd ?? _schedule.PreviousSlot(slot);
    }

    private static NewsletterIssueEntity NewIssue(string issueId, DateTimeOffset slot, DateTimeOffset now, IssueState state) => new()
    {
        RowKey = issueId,
        SlotAt = slot,
        PeriodStart = slot,
        PeriodEnd = slot,
        CreatedAt = now,
        State = state.ToString(),
    };

    private static string FormatDelay(TimeSpan delay) =>
        delay.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)delay.TotalHours} h {delay.Minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)delay.TotalMinutes} min");

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Newsletter {IssueId} skipped: nothing new since the previous issue")]
    private static partial void LogSkipped(ILogger logger, string issueId);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning, Message = "Newsletter {IssueId} held: the run for slot {Slot} started {Late} late")]
    private static partial void LogHeld(ILogger logger, string issueId, DateTimeOffset slot, TimeSpan late);

    [LoggerMessage(EventId = 4034, Level = LogLevel.Error, Message = "Newsletter {IssueId} was not sent: {Reason}")]
    private static partial void LogEmailNotReady(ILogger logger, string issueId, string reason);
}
