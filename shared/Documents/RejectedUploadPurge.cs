using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>What one run of <c>PurgeRejectedUploads</c> removed, as counts only.</summary>
public sealed record RejectedUploadPurgeReport(int RejectedFilesDeleted, int UploadCountsDeleted, int ErasedUploadMarkersDeleted);

/// <summary>
/// The documents area's daily clean-up: kept rejected files older than <see cref="DocumentOptions.RejectedRetention"/>
/// (their records stay, with the reason), the per-member upload counts of past days, and the markers of erased members' upload
/// URLs that have expired. Safe to run twice or concurrently.
/// </summary>
public sealed class RejectedUploadPurge(DocumentBlobs blobs, DocumentStore store, DocumentUploadQuota quota, IOptions<DocumentOptions> options, TimeProvider time)
{
    public async Task<RejectedUploadPurgeReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var files = await blobs.PurgeRejectedAsync(time.GetUtcNow() - options.Value.RejectedRetention, cancellationToken);
        var counts = await quota.PurgePastDaysAsync(cancellationToken);
        var markers = await store.PurgeErasedUploadMarkersAsync(time.GetUtcNow(), cancellationToken);
        return new RejectedUploadPurgeReport(files, counts, markers);
    }
}
