using CoP.Shared.DomainEvents.Sources;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using CoP.Shared.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter;

/// <summary>An issue for the admin: its row, whether a run holds it now, and its batches of unknown outcome or refused.</summary>
public sealed record NewsletterIssueStatus(NewsletterIssueEntity Issue, bool Running, IReadOnlyList<NewsletterDeliveryEntity> BatchesNeedingAttention);

/// <summary>A preview of the next issue: who it is rendered for, and the email.</summary>
public sealed record NewsletterPreview(string IssueId, string? MemberId, Email.ComposedEmail Email, bool HasNews);

/// <summary>
/// Runs the newsletter: the scheduled run (with its stale-schedule guard), an admin's send, the preview, the
/// editorial note and the public archive. Each run works on the issue of the schedule's current slot, so a
/// retry or a catch-up run continues the same issue, and the delivery ledger makes sure nobody gets it twice.
/// A run opens its issue (<see cref="IssueOpener"/>), takes its lease (<see cref="IssueLease"/>), fixes its content
/// (<see cref="FrozenIssueContent"/>), sends it (<see cref="NewsletterSender"/>) and records the end (<see cref="IssueCompletion"/>).
/// </summary>
public sealed partial class NewsletterService(
    NewsletterIssueStore store,
    DeliveryLedgerStore ledger,
    IssueOpener opener,
    StaleRunGuard staleGuard,
    FrozenIssueContent frozen,
    IssueCompletion completion,
    NewsletterComposer composer,
    NewsletterSender sender,
    NewsletterNews news,
    RecipientLinks links,
    MemberStore members,
    NewsletterSchedule schedule,
    IOptions<Email.EmailOptions> email,
    TimeProvider time,
    ILogger<NewsletterService> logger)
{
    public const int MaxNoteLength = 4000;

    /// <summary>
    /// Checks an editorial note as an admin wrote it, under <paramref name="field"/>: trimmed, at most
    /// <see cref="MaxNoteLength"/> characters, no control characters but line breaks and tabs. Empty text clears the note.
    /// </summary>
    public static Validated<string> CheckNote(string? text, string field)
    {
        var errors = new FieldErrors();
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length > MaxNoteLength)
        {
            errors.Add(field, $"The note can be at most {MaxNoteLength} characters long.");
        }
        else if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add(field, "The note cannot contain control characters.");
        }

        return errors.Result(() => trimmed);
    }

    /// <summary>A timer may fire a moment before its slot (clock skew): such a run belongs to the coming slot.</summary>
    public static readonly TimeSpan EarlyFiringTolerance = TimeSpan.FromSeconds(30);

    /// <summary>The id of the issue a run now would work on.</summary>
    public string CurrentIssueId => NewsletterSchedule.IssueId(schedule.SlotAt(time.GetUtcNow()));

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
    /// the one named) exists afterwards, so that its status can be read, and the send is <see cref="SendRequestResult.Queued"/>
    /// with the issue's slot.
    /// </summary>
    public async Task<SendRequestResult> PrepareSendAsync(string? issueId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (email.Value.NotReadyBecause is { } notReady)
        {
            var held = issueId ?? CurrentIssueId;
            LogEmailNotReady(logger, held, notReady);
            return new SendRequestResult.EmailNotReady(held);
        }

        var issue = issueId is null ? null : await store.GetIssueAsync(issueId, cancellationToken);
        if (issueId is not null && issue is null)
        {
            return new SendRequestResult.NotFound(issueId);
        }

        var slot = issue?.SlotAt ?? schedule.SlotAt(now);
        issueId ??= NewsletterSchedule.IssueId(slot);
        issue ??= await store.GetIssueAsync(issueId, cancellationToken);
        if (issue is not null && issue.IsLeasedAt(now))
        {
            return new SendRequestResult.Busy(issueId);
        }

        if (issue is null)
        {
            await opener.OpenAsync(issueId, slot, cancellationToken);
        }

        return new SendRequestResult.Queued(issueId, slot);
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
        await foreach (var batch in ledger.ReadBatchRowsAsync(issueId, cancellationToken))
        {
            if (batch.BatchState is BatchState.Sending or BatchState.Refused)
            {
                batches.Add(batch);
            }
        }

        return new NewsletterIssueStatus(issue, issue.IsLeasedAt(time.GetUtcNow()), batches);
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
        var slot = schedule.SlotAt(now);
        var issueId = NewsletterSchedule.IssueId(slot);
        var content = await store.LoadContentAsync(issueId, cancellationToken)
            ?? await frozen.ComposeAsync(issueId, slot, now, await store.GetNoteAsync(cancellationToken), cancellationToken);

        // A sample member's links carry an all-zero member id: they look real and open nothing.
        var audience = new NewsletterAudience(member.Language, member.Topics.Split(',', StringSplitOptions.RemoveEmptyEntries));
        var edition = composer.ComposeMemberEdition(content, audience);
        var personal = NewsletterMessages.Substitute(edition.Email, links.For(edition.Slots, member.MemberId, member.LinkGeneration, member.Email).Substitutions);
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
            var held = issueId ?? NewsletterSchedule.IssueId(schedule.SlotAt(scheduled ? now + EarlyFiringTolerance : now));
            LogEmailNotReady(logger, held, notReady);
            return new NewsletterRunResult.EmailNotReady(held);
        }

        NewsletterIssueEntity? issue;
        DateTimeOffset slot;
        if (issueId is not null)
        {
            issue = await store.GetIssueAsync(issueId, cancellationToken);
            if (issue is not null)
            {
                slot = issue.SlotAt;
            }
            else if (slotAt is { } queuedSlot)
            {
                slot = queuedSlot;
            }
            else
            {
                return new NewsletterRunResult.NotFound(issueId);
            }
        }
        else
        {
            slot = schedule.SlotAt(scheduled ? now + EarlyFiringTolerance : now);
            issueId = NewsletterSchedule.IssueId(slot);
            issue = await store.GetIssueAsync(issueId, cancellationToken);
        }

        switch (issue?.IssueState)
        {
            case IssueState.Sent:
                // Reported again for a send retried after its report failed (the report is written once).
                await news.SentAsync(issueId, cancellationToken);
                return new NewsletterRunResult.Sent(issueId, issue.Recipients);
            case IssueState.Skipped when scheduled:
                return new NewsletterRunResult.Skipped(issueId);
            case IssueState.NeedsAttention when scheduled:
                // Only an admin's send changes an issue that waits for a decision.
                return new NewsletterRunResult.NeedsAttention(issueId);
            case IssueState.Held when scheduled:
                return new NewsletterRunResult.Held(issueId);
        }

        if (scheduled && staleGuard.IsTooLate(slot, now))
        {
            return await staleGuard.HoldAsync(issueId, slot, issue, now, cancellationToken);
        }

        issue ??= await opener.OpenAsync(issueId, slot, cancellationToken);
        await using var lease = await IssueLease.TryAcquireAsync(store, issue, time, logger, cancellationToken);
        if (lease is null)
        {
            return new NewsletterRunResult.Busy(issueId);
        }

        if (await frozen.ForRunAsync(lease, now, lease.Lost) is not { } content)
        {
            return await completion.SkipAsync(lease, lease.Lost);
        }

        using var fence = await ledger.TakeFenceAsync(issueId, lease.Owner, lease.Lost);
        var report = await sender.SendAsync(content, resend, fence, lease.Lost);
        var result = await completion.CompleteAsync(lease, report, lease.Lost);
        if (result is NewsletterRunResult.Sent)
        {
            await news.SentAsync(issueId, cancellationToken);
        }

        return result;
    }

    [LoggerMessage(EventId = 4034, Level = LogLevel.Error, Message = "Newsletter {IssueId} was not sent: {Reason}")]
    private static partial void LogEmailNotReady(ILogger logger, string issueId, string reason);
}
