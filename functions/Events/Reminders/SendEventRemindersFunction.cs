using CoP.Shared.Events.Reminders;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Reminders;

/// <summary>
/// Timer on <c>%EventReminderSchedule%</c> (every 15 minutes by default): queues the reminders that are due and the
/// operators' mails after events that ended. Runs may overlap and be retried: each mail is claimed before it is
/// queued, under an id of its own, so everyone gets it once. A failure escapes so that the platform retries the run.
/// </summary>
public sealed class SendEventRemindersFunction(EventReminderRun reminders)
{
    [Function(nameof(SendEventReminders))]
    [ExponentialBackoffRetry(3, "00:00:30", "00:05:00")]
    public Task SendEventReminders(
        [TimerTrigger("%EventReminderSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) => reminders.RunAsync(cancellationToken);
}
