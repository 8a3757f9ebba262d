using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Members;

/// <summary>
/// The <c>MemberEmails</c> index: one row per keyed hash of an address, naming its member. Inserting the row is what
/// makes an address unique under concurrency; an address already taken is a return value.
/// </summary>
public sealed class MemberEmailIndex(TableServiceClient tables, StorageNames names)
{
    /// <summary>A claim older than this without its member is a registration or import that crashed half-way: it may be released.</summary>
    public static readonly TimeSpan OrphanedClaimAge = TimeSpan.FromMinutes(2);

    private readonly ProvisionedTable _index = new(tables, names.MemberEmails);

    /// <summary>Claims an address for a member id; false when it is already claimed.</summary>
    public async Task<bool> TryClaimAsync(string emailKey, string memberId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await _index.GetClientAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(new MemberEmailEntity { PartitionKey = emailKey, MemberId = memberId, ClaimedAt = now }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<MemberEmailEntity?> FindAsync(string emailKey, CancellationToken cancellationToken = default)
    {
        var table = await _index.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<MemberEmailEntity>(emailKey, MemberEmailEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Releases a claim whose member never appeared (a registration that crashed half-way), unless it changed.</summary>
    public async Task<bool> TryReleaseAsync(MemberEmailEntity claim, CancellationToken cancellationToken = default)
    {
        var table = await _index.GetClientAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, claim.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Releases the member's email index entry if it still names this member (so a re-registration is never undone).</summary>
    public async Task ReleaseIfNamesAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var emails = await _index.GetClientAsync(cancellationToken);
        var index = await emails.GetEntityIfExistsAsync<MemberEmailEntity>(member.EmailKey, MemberEmailEntity.Row, cancellationToken: cancellationToken);
        if (index.HasValue && index.Value!.MemberId == member.MemberId)
        {
            await TryReleaseAsync(index.Value, cancellationToken);
        }
    }
}
