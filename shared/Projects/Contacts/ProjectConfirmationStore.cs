using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Projects.Contacts;

/// <summary>What claiming one confirmation mail came to.</summary>
public abstract record ConfirmationClaim
{
    private ConfirmationClaim()
    {
    }

    /// <summary>This run holds the claim and queues the mail.</summary>
    public sealed record Claimed(ProjectConfirmationEntity Row) : ConfirmationClaim;

    /// <summary>The mail was queued before: nothing to do.</summary>
    public sealed record AlreadyQueued : ConfirmationClaim;

    /// <summary>Another run claimed it a moment ago and is queueing it.</summary>
    public sealed record HeldByAnotherRun : ConfirmationClaim;
}

/// <summary>The claims of confirmation mails (<c>ProjectConfirmations</c>): inserted before a mail is queued, marked once it is.</summary>
public sealed class ProjectConfirmationStore(TableServiceClient tables, StorageNames names, TimeProvider time)
{
    /// <summary>
    /// How long a claim without its mail queued belongs to the run that made it. A run claims and queues within seconds;
    /// one that died in between leaves its claim to the next run, which queues the same mail id.
    /// </summary>
    public static readonly TimeSpan TakeOverAfter = TimeSpan.FromMinutes(5);

    private readonly ProvisionedTable _claims = new(tables, names.ProjectConfirmations);

    /// <summary>
    /// Claims the mail of <paramref name="rowKey"/> in <paramref name="projectId"/>'s partition for <paramref name="runId"/>:
    /// by inserting the row, by finding it inserted by this run (a retried insert whose answer was lost), or by taking
    /// over a claim that another run left without queueing its mail for longer than <see cref="TakeOverAfter"/>.
    /// </summary>
    public async Task<ConfirmationClaim> TryClaimAsync(string projectId, string rowKey, string runId, CancellationToken cancellationToken = default)
    {
        var table = await _claims.GetClientAsync(cancellationToken);
        var now = time.GetUtcNow();
        var row = new ProjectConfirmationEntity { PartitionKey = projectId, RowKey = rowKey, RunId = runId, ClaimedAt = now };
        if (await table.TryAddAsync(row, cancellationToken))
        {
            return new ConfirmationClaim.Claimed(row);
        }

        var found = await table.GetEntityIfExistsAsync<ProjectConfirmationEntity>(projectId, rowKey, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            // Deleted meanwhile: nothing deletes claims, so this is a store being reset; claim again next run.
            return new ConfirmationClaim.HeldByAnotherRun();
        }

        var existing = found.Value!;
        if (existing.QueuedAt is not null)
        {
            return new ConfirmationClaim.AlreadyQueued();
        }

        if (existing.RunId == runId)
        {
            return new ConfirmationClaim.Claimed(existing);
        }

        if (now - existing.ClaimedAt < TakeOverAfter)
        {
            return new ConfirmationClaim.HeldByAnotherRun();
        }

        // Take-over under the row's ETag: of later runs at once, one takes it.
        existing.RunId = runId;
        existing.ClaimedAt = now;
        return await table.TryReplaceAsync(existing, cancellationToken) ? new ConfirmationClaim.Claimed(existing) : new ConfirmationClaim.HeldByAnotherRun();
    }

    /// <summary>Marks a claimed mail as queued; unconditional, since the mail is in the queue whoever wrote meanwhile.</summary>
    public async Task MarkQueuedAsync(ProjectConfirmationEntity claimed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        claimed.QueuedAt = time.GetUtcNow();
        var table = await _claims.GetClientAsync(cancellationToken);
        await table.UpsertEntityAsync(claimed, TableUpdateMode.Replace, cancellationToken);
    }
}
