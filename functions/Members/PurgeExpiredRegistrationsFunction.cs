using CoP.Shared.Members;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CoP.Functions.Members;

/// <summary>
/// Timer on <c>%HousekeepingSchedule%</c> (daily by default): removes the pending registrations whose confirmation link
/// has expired, the request limiter's past hours, the mail delivery ledger's old rows and member import files nobody
/// imported. A failure escapes; whatever it left is removed by the next run.
/// </summary>
public sealed partial class PurgeExpiredRegistrationsFunction(HousekeepingService housekeeping, ILogger<PurgeExpiredRegistrationsFunction> logger)
{
    [Function(nameof(PurgeExpiredRegistrations))]
    public async Task PurgeExpiredRegistrations(
        [TimerTrigger("%HousekeepingSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        var report = await housekeeping.RunAsync(cancellationToken);
        LogPurged(logger, report.RegistrationsPurged, report.RegistrationsChanged, report.LimitHoursPurged, report.MailDeliveriesPurged, report.ImportFilesPurged);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message =
        "Housekeeping: {RegistrationsPurged} expired registrations removed ({RegistrationsChanged} changed meanwhile, left for the next run), " +
        "{LimitHoursPurged} past hours of request limits and {MailDeliveriesPurged} old mail deliveries deleted, {ImportFilesPurged} member import files never imported removed")]
    private static partial void LogPurged(ILogger logger, int registrationsPurged, int registrationsChanged, int limitHoursPurged, int mailDeliveriesPurged, int importFilesPurged);
}
