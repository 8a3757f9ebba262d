using CoP.Shared.Projects.Contacts;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Contacts;

/// <summary>
/// Timer on <c>%ProjectConfirmationSchedule%</c> (daily by default): asks the contact of each project not confirmed for
/// over a year whether its record is still current. Runs may overlap and be retried: each mail is claimed before it is
/// queued, under an id of its own, so every contact is asked once per period. A failure escapes so that the platform
/// retries the run.
/// </summary>
public sealed class AskProjectConfirmationsFunction(ProjectConfirmationRun confirmations)
{
    [Function(nameof(AskProjectConfirmations))]
    [ExponentialBackoffRetry(3, "00:00:30", "00:05:00")]
    public Task AskProjectConfirmations(
        [TimerTrigger("%ProjectConfirmationSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) => confirmations.RunAsync(cancellationToken);
}
