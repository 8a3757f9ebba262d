using CoP.Shared.Newsletter.Composition;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter.Issues;

/// <summary>
/// An issue's content, frozen when it is first composed: every later run, every member and the archive see the same
/// issue. The first run composes it for its period (from the end of the previous issue), stores it, takes the
/// editorial note into it and marks the issue <see cref="IssueState.Sending"/>; later runs load it.
/// </summary>
public sealed class FrozenIssueContent(
    NewsletterIssueStore store,
    NewsletterContentBuilder contentBuilder,
    NewsletterComposer composer,
    NewsletterSchedule schedule,
    IOptions<NewsletterOptions> options)
{
    /// <summary>
    /// The content of the leased issue: stored by the first run that composed it, composed now otherwise. Null when
    /// there is nothing new and that skips (the skipped period is recorded on the issue, so the next one starts after it).
    /// </summary>
    public async Task<NewsletterContent?> ForRunAsync(IssueLease lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
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
    /// a moment later; one listed after the issue was composed would otherwise fall between two issues. Nothing is stored.
    /// </summary>
    public async Task<NewsletterContent> ComposeAsync(
        string issueId, DateTimeOffset slot, DateTimeOffset now, NewsletterNoteEntity? note, CancellationToken cancellationToken = default)
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

        return previous?.PeriodEnd ?? schedule.PreviousSlot(slot);
    }
}
