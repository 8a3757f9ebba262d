using Azure;
using Azure.Storage.Queues;
using CoP.Shared.Documents;
using CoP.Shared.Events;
using CoP.Shared.Hosting;
using CoP.Shared.Members;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Issues;
using CoP.Shared.Polls;
using CoP.Shared.Projects;
using CoP.Shared.Storage;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Console;

/// <summary>An issue of the newsletter that waits for an operator: held after a late start, or sent with failures.</summary>
public sealed record IssueNeedingAttention(string IssueId, string State, DateTimeOffset SlotAt);

/// <summary>A poison queue and how many messages wait in it (approximately, as the queue service counts them).</summary>
public sealed record PoisonCount(string Name, int Messages);

/// <summary>What the console's overview shows. The projects awaiting review include approved ones their owners changed since.</summary>
public sealed record OverviewFigures(
    int ConfirmedMembers,
    int PendingMembers,
    int SuppressedMembers,
    int OpenPolls,
    int UpcomingEvents,
    int DocumentsAwaitingReview,
    int ProjectsAwaitingReview,
    int ProjectsNeedingContact,
    DateTimeOffset? NextNewsletterAt,
    IReadOnlyList<IssueNeedingAttention> Issues,
    IReadOnlyList<PoisonCount> PoisonQueues);

/// <summary>
/// The figures of the console's overview, read from the stores the rest of the app writes. The member counts scan the
/// member table (one request per thousand members), which is fine for a community of thousands, not of millions.
/// </summary>
public sealed class ConsoleOverview(
    MemberStore members,
    PollService polls,
    EventStore events,
    DocumentStore documents,
    ProjectStore projects,
    NewsletterIssueStore issues,
    QueueServiceClient queues,
    StorageNames names,
    IOptions<NewsletterOptions> newsletter,
    TimeProvider time)
{
    /// <summary>The blob trigger's poison queue, the host's own (not prefixed).</summary>
    public const string BlobTriggerPoisonQueue = "webjobs-blobtrigger-poison";

    public async Task<OverviewFigures> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        int confirmed = 0, pending = 0, suppressed = 0;
        await foreach (var member in members.ListAllAsync(null, null, cancellationToken))
        {
            confirmed += member.MemberStatus == MemberStatus.Confirmed ? 1 : 0;
            pending += member.MemberStatus == MemberStatus.Pending ? 1 : 0;
            suppressed += member.NewsletterSuppressed is null ? 0 : 1;
        }

        var open = (await polls.ListOpenAndRecentAsync(cancellationToken)).Count(poll => poll.StateAt(now) == PollState.Open);
        var upcoming = (await events.ListEndingAfterAsync(now, cancellationToken)).Count(e => e.Status == EventStatus.Published);
        var awaiting = (await documents.ListByStatusAsync(DocumentStatus.PendingReview, cancellationToken)).Count;

        // The projects' queue: submissions waiting, and approved projects their owners changed since (one partition read).
        var all = await projects.ListAllAsync(cancellationToken);
        var toReview = all.Count(p => p.AwaitsReview);
        var needingContact = all.Count(p => p.NeedsContact);
        var attention = new List<IssueNeedingAttention>();
        await foreach (var issue in issues.ListIssuesAsync(cancellationToken))
        {
            if (issue.State is nameof(IssueState.Held) or nameof(IssueState.NeedsAttention))
            {
                attention.Add(new IssueNeedingAttention(issue.IssueId, issue.State, issue.SlotAt));
            }
        }

        var next = TimerSchedule.TryParse(newsletter.Value.Schedule)?.GetNextOccurrence(now.UtcDateTime) is { } slot
            ? new DateTimeOffset(DateTime.SpecifyKind(slot, DateTimeKind.Utc))
            : (DateTimeOffset?)null;
        var poison = new List<PoisonCount>();
        foreach (var queue in new[] { $"{names.MailQueue}-poison", $"{names.NewsletterRunsQueue}-poison", BlobTriggerPoisonQueue })
        {
            poison.Add(new PoisonCount(queue, await CountAsync(queue, cancellationToken)));
        }

        return new OverviewFigures(confirmed, pending, suppressed, open, upcoming, awaiting, toReview, needingContact, next, attention, poison);
    }

    private async Task<int> CountAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await queues.GetQueueClient(queue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }
}
