using System.Diagnostics;
using CoP.Shared.Console;
using CoP.Shared.Email.Queue;
using CoP.Shared.Events.Registrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Events.Reminders;

/// <summary>What one run queued: reminders to registered people, after-event mails to operators, and reminders skipped as late.</summary>
public sealed record EventReminderReport(int RemindersQueued, int FollowUpsQueued, int SkippedAsLate);

/// <summary>
/// One run of the reminders (the <c>SendEventReminders</c> timer). For each published event that has not started, each
/// offset whose moment (start minus offset) has come is due: every registered person gets that reminder once. A
/// reminder whose moment passed more than <see cref="Slack"/> ago (an event created or a person registered after it,
/// a host down for hours) is skipped, not sent late. After an event ends, its operators are told once to add the
/// materials, the report and the attendance.
/// <para>
/// Exactly once, across overlapping runs and retries: each mail is claimed in <c>EventReminders</c> before it is
/// queued (<see cref="EventReminderStore"/>), and its mail id is derived from what it is, so a run that dies between
/// the claim and the queue leaves the claim to a later run, which queues the same mail id; the delivery ledger sends
/// a mail id once however often it was queued.
/// </para>
/// </summary>
public sealed partial class EventReminderRun(
    EventStore events,
    EventRegistrationService registrations,
    EventReminderStore claims,
    QueuedMail mail,
    OperatorDirectory operators,
    IOptions<ConsoleOptions> console,
    IOptions<EventReminderOptions> options,
    TimeProvider time,
    ILogger<EventReminderRun> logger)
{
    /// <summary>How long after its end an event's operators are still told: older events (before a first deployment) are left alone.</summary>
    public static readonly TimeSpan FollowUpWindow = TimeSpan.FromDays(7);

    private static readonly TimeSpan MinimumSlack = TimeSpan.FromMinutes(30);

    private const int Parallelism = 8;

    /// <summary>How late a reminder may still go out: a quarter of its offset, and at least half an hour (two timer runs).</summary>
    public static TimeSpan Slack(TimeSpan offset) => offset / 4 > MinimumSlack ? offset / 4 : MinimumSlack;

    public async Task<EventReminderReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var runId = Guid.NewGuid().ToString("N");
        var offsets = options.Value.Offsets;
        int reminders = 0, followUps = 0, late = 0;
        foreach (var e in await events.ListEndingAfterAsync(now - FollowUpWindow, cancellationToken))
        {
            if (e.Status == EventStatus.Published && e.StartsAt > now)
            {
                foreach (var offset in offsets.Where(o => now >= e.StartsAt - o))
                {
                    var offsetKey = EventReminderMails.OffsetKey(offset);
                    if (now - (e.StartsAt - offset) > Slack(offset))
                    {
                        late++;
                        LogLate(logger, offsetKey, e.EventId);
                        continue;
                    }

                    reminders += await RemindAsync(e, offsetKey, runId, cancellationToken);
                }
            }
            else if (e.Status is EventStatus.Published or EventStatus.Completed && e.EndsAt <= now)
            {
                // Listed events ended within FollowUpWindow at most: those before are left alone.
                followUps += await FollowUpAsync(e, runId, cancellationToken);
            }
        }

        LogRun(logger, reminders, followUps, late);
        return new EventReminderReport(reminders, followUps, late);
    }

    private async Task<int> RemindAsync(Event e, string offsetKey, string runId, CancellationToken cancellationToken)
    {
        // One read of the event's claims spares the runs of the reminder's window a failed insert per person.
        var known = await claims.ListAsync(e.EventId, cancellationToken);
        // Registered people only: the waiting list gets no reminder.
        var due = (await registrations.ListAsync(e.EventId, cancellationToken))
            .Where(registration => registration.Status is AttendeeStatus.Registered)
            .Select(registration => registration.MemberId)
            .Where(memberId => known.GetValueOrDefault(EventReminderEntity.ReminderRow(offsetKey, memberId))?.QueuedAt is null)
            .ToList();
        var queued = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (memberId, ct) =>
        {
            var reminder = new QueuedEventReminder(e.EventId, offsetKey, memberId);
            if (await ClaimAndQueueAsync(e.EventId, EventReminderEntity.ReminderRow(offsetKey, memberId), runId, [(EventReminderMails.ReminderKind, EventReminderMails.ReminderKey(reminder), reminder)], ct))
            {
                Interlocked.Increment(ref queued);
            }
        });
        return queued;
    }

    private async Task<int> FollowUpAsync(Event e, string runId, CancellationToken cancellationToken)
    {
        // The ids of the operators the setting names now; the preparer finds each one's address when it sends.
        var mails = OperatorDirectory.Split(console.Value.Operators)
            .Select(address => operators.Find(address)?.Id)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Select(id => new QueuedEventFollowUp(e.EventId, id))
            .Select(followUp => (EventReminderMails.FollowUpKind, EventReminderMails.FollowUpKey(followUp), (object)followUp))
            .ToList();
        return await ClaimAndQueueAsync(e.EventId, EventReminderEntity.AfterEventRow, runId, mails, cancellationToken) ? mails.Count : 0;
    }

    /// <summary>Claims <paramref name="rowKey"/> and queues its mails: true when this run queued them.</summary>
    private async Task<bool> ClaimAndQueueAsync(
        string eventId, string rowKey, string runId, IReadOnlyList<(string Kind, string Key, object Payload)> mails, CancellationToken cancellationToken)
    {
        switch (await claims.TryClaimAsync(eventId, rowKey, runId, cancellationToken))
        {
            case ReminderClaim.Claimed claimed:
                foreach (var (kind, key, payload) in mails)
                {
                    await mail.EnqueueOnceAsync(kind, key, payload, cancellationToken);
                }

                await claims.MarkQueuedAsync(claimed.Row, cancellationToken);
                return true;
            case ReminderClaim.AlreadyQueued or ReminderClaim.HeldByAnotherRun:
                return false;
            default:
                throw new UnreachableException();
        }
    }

    [LoggerMessage(EventId = 11100, Level = LogLevel.Information, Message = "Event reminders: {Reminders} reminder(s) and {FollowUps} after-event mail(s) queued, {Late} reminder(s) skipped as late")]
    private static partial void LogRun(ILogger logger, int reminders, int followUps, int late);

    [LoggerMessage(EventId = 11101, Level = LogLevel.Information, Message = "The {OffsetKey} reminder of event {EventId} is skipped: its moment passed too long ago to send it late")]
    private static partial void LogLate(ILogger logger, string offsetKey, string eventId);
}
