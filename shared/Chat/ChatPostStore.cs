using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Chat;

/// <summary>A claim this attempt holds on one (event, channel) post: it alone may post it.</summary>
public sealed record ChatPostClaim(string EventId, string Channel, ETag ETag);

/// <summary>What claiming a post found.</summary>
public abstract record ChatPostClaimResult
{
    private ChatPostClaimResult()
    {
    }

    /// <summary>This attempt holds the claim: it posts now.</summary>
    public sealed record Claimed(ChatPostClaim Claim) : ChatPostClaimResult;

    /// <summary>Rocket.Chat confirmed this post before: nothing to do.</summary>
    public sealed record AlreadyPosted : ChatPostClaimResult;

    /// <summary>
    /// Another attempt claimed it and did not confirm it: it is under way, or got no answer and may have posted. Either
    /// way this attempt does not post (at most once: a duplicate message is worse than a missing one).
    /// </summary>
    public sealed record InDoubt : ChatPostClaimResult;
}

/// <summary>The <c>ChatPosts</c> table: the claims that make each (event, channel) post go out at most once.</summary>
public sealed class ChatPostStore(TableServiceClient tables, StorageNames names, TimeProvider time)
{
    private readonly ProvisionedTable _posts = new(tables, names.ChatPosts);

    /// <summary>Claims the post of <paramref name="eventId"/> to <paramref name="channel"/> with a conditional insert.</summary>
    public async Task<ChatPostClaimResult> ClaimAsync(string eventId, string channel, int attempt, CancellationToken cancellationToken = default)
    {
        var table = await _posts.GetClientAsync(cancellationToken);
        var row = new ChatPostEntity
        {
            PartitionKey = eventId,
            RowKey = ChatPostEntity.RowOf(channel),
            Channel = channel,
            Attempt = attempt,
            ClaimedAt = time.GetUtcNow(),
        };
        if (await table.TryAddAsync(row, cancellationToken))
        {
            return new ChatPostClaimResult.Claimed(new ChatPostClaim(eventId, channel, row.ETag));
        }

        var found = await table.GetEntityIfExistsAsync<ChatPostEntity>(eventId, row.RowKey, cancellationToken: cancellationToken);
        return found.HasValue && found.Value!.State == ChatPostStates.Posted
            ? new ChatPostClaimResult.AlreadyPosted()
            : found.HasValue ? new ChatPostClaimResult.InDoubt() : await ClaimAsync(eventId, channel, attempt, cancellationToken);
    }

    /// <summary>Rocket.Chat confirmed the post. Unconditional: the message is in the channel whatever else was written meanwhile.</summary>
    public Task RecordPostedAsync(ChatPostClaim claim, CancellationToken cancellationToken = default) =>
        FinishAsync(claim, ChatPostStates.Posted, cancellationToken);

    /// <summary>The post got no answer: it may be in the channel, so it stays claimed for good.</summary>
    public Task RecordUnknownAsync(ChatPostClaim claim, CancellationToken cancellationToken = default) =>
        FinishAsync(claim, ChatPostStates.Unknown, cancellationToken);

    /// <summary>Rocket.Chat refused the post: nothing is in the channel, so the claim goes and the retry may post.</summary>
    public async Task ReleaseAsync(ChatPostClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var table = await _posts.GetClientAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(claim.EventId, ChatPostEntity.RowOf(claim.Channel), claim.ETag, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            // Nobody else writes a claim they do not hold; gone or changed means there is nothing of ours to release.
        }
    }

    private async Task FinishAsync(ChatPostClaim claim, string state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var table = await _posts.GetClientAsync(cancellationToken);
        var row = new TableEntity(claim.EventId, ChatPostEntity.RowOf(claim.Channel))
        {
            [nameof(ChatPostEntity.State)] = state,
            [nameof(ChatPostEntity.FinishedAt)] = time.GetUtcNow(),
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
    }
}
