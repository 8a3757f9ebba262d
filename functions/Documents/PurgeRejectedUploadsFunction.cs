using CoP.Shared.Documents;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CoP.Functions.Documents;

/// <summary>
/// Timer on <c>%HousekeepingSchedule%</c> (daily by default): deletes the kept rejected files older than
/// <c>Documents__RejectedRetention</c> and the upload counts of past days. A failure escapes; the next run finishes it.
/// </summary>
public sealed partial class PurgeRejectedUploadsFunction(RejectedUploadPurge purge, ILogger<PurgeRejectedUploadsFunction> logger)
{
    [Function(nameof(PurgeRejectedUploads))]
    public async Task PurgeRejectedUploads(
        [TimerTrigger("%HousekeepingSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        var report = await purge.RunAsync(cancellationToken);
        LogPurged(logger, report.RejectedFilesDeleted, report.UploadCountsDeleted, report.ErasedUploadMarkersDeleted);
    }

    [LoggerMessage(EventId = 5310, Level = LogLevel.Information, Message =
        "Documents housekeeping: {RejectedFilesDeleted} expired rejected files, {UploadCountsDeleted} past upload counts and {ErasedUploadMarkersDeleted} expired markers of erased uploads deleted")]
    private static partial void LogPurged(ILogger logger, int rejectedFilesDeleted, int uploadCountsDeleted, int erasedUploadMarkersDeleted);
}
