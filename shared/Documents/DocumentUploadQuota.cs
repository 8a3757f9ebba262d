using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>
/// Upload URLs requested per member and UTC day, table <c>DocumentUploadCounts</c>: PartitionKey = member id, RowKey =
/// the day (<c>yyyyMMdd</c>). One point read and one conditional write per request; a member's rows are one partition,
/// so erasing them is one query. Past days are deleted by the daily <c>PurgeRejectedUploads</c>.
/// </summary>
public sealed class DocumentUploadCountEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Count { get; set; }
}

/// <summary>
/// Counts the upload URLs each member requests in a UTC day against <see cref="DocumentOptions.UploadsPerMemberPerDay"/>.
/// The count is one row per member and day, written under its ETag, so concurrent requests of one member are counted
/// exactly; a request that keeps losing that race is refused rather than let through.
/// </summary>
public sealed class DocumentUploadQuota(TableServiceClient tables, StorageNames names, IOptions<DocumentOptions> options, TimeProvider time)
{
    private const int MaxAttempts = 8;

    private readonly ProvisionedTable _counts = new(tables, names.DocumentUploadCounts);

    /// <summary>Counts one upload request of <paramref name="memberId"/>; null when allowed, else how long until the next day.</summary>
    public async Task<TimeSpan?> TryAcquireAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _counts.GetClientAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var day = Day(now);
            var row = await table.GetEntityIfExistsAsync<DocumentUploadCountEntity>(memberId, day, cancellationToken: cancellationToken);
            if (row.HasValue && row.Value!.Count >= options.Value.UploadsPerMemberPerDay)
            {
                return new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now;
            }

            var counted = row.HasValue
                ? await table.TryReplaceAsync(Incremented(row.Value!), cancellationToken)
                : await table.TryAddAsync(new DocumentUploadCountEntity { PartitionKey = memberId, RowKey = day, Count = 1 }, cancellationToken);
            if (counted)
            {
                return null;
            }
        }

        return TimeSpan.FromSeconds(1);
    }

    /// <summary>Deletes the counts of days before today; returns how many rows went.</summary>
    public async Task<int> PurgePastDaysAsync(CancellationToken cancellationToken = default)
    {
        var table = await _counts.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey lt {Day(time.GetUtcNow())}");
        return await DeleteAsync(table, filter, cancellationToken);
    }

    /// <summary>Deletes every count of <paramref name="memberId"/> (their erase).</summary>
    public async Task EraseAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _counts.GetClientAsync(cancellationToken);
        await DeleteAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {memberId}"), cancellationToken);
    }

    private static async Task<int> DeleteAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var row in table.QueryAsync<DocumentUploadCountEntity>(filter, select: [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                deleted++;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // A concurrent purge or erase took it.
            }
        }

        return deleted;
    }

    private static DocumentUploadCountEntity Incremented(DocumentUploadCountEntity row)
    {
        row.Count++;
        return row;
    }

    private static string Day(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
}
