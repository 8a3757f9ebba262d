using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter.Issues;

/// <summary>
/// The stale-schedule guard: a scheduled run that starts more than <see cref="NewsletterOptions.StaleAfter"/> after its
/// slot sends nothing. It holds the issue for an admin (<see cref="IssueState.Held"/>), or, when the issue had gone
/// out to some members already, leaves it to the admin as <see cref="IssueState.NeedsAttention"/>, keeping its period
/// so that the next issue does not repeat it. Either way the admin is alerted.
/// </summary>
public sealed partial class StaleRunGuard(
    NewsletterIssueStore store, NewsletterAlerts alerts, IOptions<NewsletterOptions> options, ILogger<StaleRunGuard> logger)
{
    /// <summary>A scheduled run at <paramref name="now"/> for <paramref name="slot"/> comes too late to send.</summary>
    public bool IsTooLate(DateTimeOffset slot, DateTimeOffset now) => now - slot > options.Value.StaleAfter;

    /// <summary>Holds the issue (or leaves it to the admin); <see cref="NewsletterRunResult.Busy"/> when a run holds it or wrote it meanwhile.</summary>
    public async Task<NewsletterRunResult> HoldAsync(
        string issueId, DateTimeOffset slot, NewsletterIssueEntity? issue, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (issue is not null && issue.IsLeasedAt(now))
        {
            // An admin's send is working on it.
            return new NewsletterRunResult.Busy(issueId);
        }

        var late = now - slot;
        var reason = $"The scheduled run started {FormatDelay(late)} after its slot ({slot:yyyy-MM-dd HH:mm} UTC), more than Newsletter__StaleAfter ({options.Value.StaleAfter}). Nothing was sent by this run.";

        // An issue that went out to some members already keeps its period (the next issue must not repeat it):
        // it waits for the admin as unfinished instead of being held.
        var started = issue?.IssueState == IssueState.Sending;
        var held = issue ?? NewsletterIssueEntity.New(issueId, slot, now, IssueState.Held);
        held.State = started ? nameof(IssueState.NeedsAttention) : nameof(IssueState.Held);
        reason += started ? " The issue had gone out to some members; the others are waiting." : "";
        held.Note = reason;
        held.AlertedAt = now;
        held.SettlesByItself = false;
        var written = issue is null ? await store.TryAddIssueAsync(held, cancellationToken) : await store.TryReplaceIssueAsync(held, cancellationToken);
        if (!written)
        {
            return new NewsletterRunResult.Busy(issueId);
        }

        LogHeld(logger, issueId, slot, late);
        await alerts.AlertAsync(issueId, "held: the scheduled run came too late", [
            reason,
            started
                ? $"To send it to the others: POST /api/manage/newsletter/send with {{\"issueId\": \"{issueId}\"}} (function key)."
                : "To send it anyway: POST /api/manage/newsletter/send (function key). To let it go, do nothing: the next issue covers its period.",
        ], cancellationToken);
        return started ? new NewsletterRunResult.NeedsAttention(issueId) : new NewsletterRunResult.Held(issueId);
    }

    private static string FormatDelay(TimeSpan delay) =>
        delay.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)delay.TotalHours} h {delay.Minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)delay.TotalMinutes} min");

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning, Message = "Newsletter {IssueId} held: the run for slot {Slot} started {Late} late")]
    private static partial void LogHeld(ILogger logger, string issueId, DateTimeOffset slot, TimeSpan late);
}
