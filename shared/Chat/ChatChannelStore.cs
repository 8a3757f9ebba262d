using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Chat;

/// <summary>A topic's chat channel.</summary>
public sealed record TopicChannel(string TopicSlug, string Channel);

/// <summary>The <c>ChatChannels</c> table: which Rocket.Chat channel each topic's events go to.</summary>
public sealed class ChatChannelStore(TableServiceClient tables, StorageNames names, TimeProvider time)
{
    private readonly ProvisionedTable _channels = new(tables, names.ChatChannels);

    /// <summary>Every topic that has a channel, by slug.</summary>
    public async Task<IReadOnlyList<TopicChannel>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await _channels.GetClientAsync(cancellationToken);
        var found = new List<TopicChannel>();
        await foreach (var row in table.QueryAsync<ChatChannelEntity>(e => e.PartitionKey == ChatChannelEntity.Partition, cancellationToken: cancellationToken))
        {
            found.Add(new TopicChannel(row.RowKey, row.Channel));
        }

        return [.. found.OrderBy(c => c.TopicSlug, StringComparer.Ordinal)];
    }

    /// <summary>Sets the channel of <paramref name="topicSlug"/> (last writer wins: a mapping is one value, not a history).</summary>
    public async Task SetAsync(string topicSlug, string channel, CancellationToken cancellationToken = default)
    {
        var table = await _channels.GetClientAsync(cancellationToken);
        var row = new ChatChannelEntity { RowKey = topicSlug, Channel = channel, UpdatedAt = time.GetUtcNow() };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Removes the channel of <paramref name="topicSlug"/>; nothing when it had none.</summary>
    public async Task RemoveAsync(string topicSlug, CancellationToken cancellationToken = default)
    {
        var table = await _channels.GetClientAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(ChatChannelEntity.Partition, topicSlug, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Already unmapped: the same outcome.
        }
    }
}
