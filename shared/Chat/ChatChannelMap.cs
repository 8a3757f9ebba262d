using CoP.Shared.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Chat;

/// <summary>What mapping a topic to a channel did.</summary>
public abstract record ChannelMapResult
{
    private ChannelMapResult()
    {
    }

    /// <summary>The topic's events go to <paramref name="Channel"/> now.</summary>
    public sealed record Mapped(string TopicSlug, string Channel) : ChannelMapResult;

    /// <summary>The topic has no channel now: its events go to the default channel, or nowhere.</summary>
    public sealed record Unmapped(string TopicSlug) : ChannelMapResult;

    /// <summary>There is no such topic (retired topics can still be mapped: their old things keep their topics).</summary>
    public sealed record UnknownTopic(string TopicSlug) : ChannelMapResult;
}

/// <summary>A topic of the catalog with its channel, if it has one (the console's list).</summary>
public sealed record TopicChannelRow(Topic Topic, string? Channel);

/// <summary>
/// Which channel each topic's events go to: the mapping that <c>MapChatChannel</c> and the console change, and the
/// resolution the poster reads (the distinct channels of an event's topics; none: the default channel, or nowhere).
/// </summary>
public sealed partial class ChatChannelMap(
    ChatChannelStore channels,
    TopicStore topics,
    IOptions<ChatOptions> options,
    ILogger<ChatChannelMap> logger)
{
    /// <summary>The channel events go to whose topics have none; empty for nowhere.</summary>
    public string DefaultChannel => options.Value.DefaultChannel;

    /// <summary>Sets or removes the channel of <paramref name="topicSlug"/>, a topic of the catalog.</summary>
    public async Task<ChannelMapResult> SetAsync(string topicSlug, ChannelChoice choice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (await topics.FindAsync(topicSlug, cancellationToken) is null)
        {
            return new ChannelMapResult.UnknownTopic(topicSlug);
        }

        switch (choice)
        {
            case ChannelChoice.Room { Channel: var channel }:
                await channels.SetAsync(topicSlug, channel, cancellationToken);
                LogMapped(logger, topicSlug, channel);
                return new ChannelMapResult.Mapped(topicSlug, channel);
            default:
                await channels.RemoveAsync(topicSlug, cancellationToken);
                LogUnmapped(logger, topicSlug);
                return new ChannelMapResult.Unmapped(topicSlug);
        }
    }

    /// <summary>Every topic of the catalog (retired ones last) with its channel; mappings of topics no longer in the catalog are left out.</summary>
    public async Task<IReadOnlyList<TopicChannelRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var mapped = (await channels.ListAsync(cancellationToken)).ToDictionary(c => c.TopicSlug, c => c.Channel, StringComparer.Ordinal);
        var all = await topics.ListAllAsync(cancellationToken);
        return [.. all.Select(t => new TopicChannelRow(t, mapped.GetValueOrDefault(t.Slug)))];
    }

    /// <summary>The channels an event of <paramref name="topicSlugs"/> goes to: each distinct mapped channel once; none mapped, the default channel, or none.</summary>
    public async Task<IReadOnlyList<string>> ResolveAsync(IReadOnlyList<string> topicSlugs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topicSlugs);
        var mapped = await channels.ListAsync(cancellationToken);
        var wanted = topicSlugs.ToHashSet(StringComparer.Ordinal);
        var resolved = mapped.Where(c => wanted.Contains(c.TopicSlug)).Select(c => c.Channel).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (resolved.Count == 0 && DefaultChannel.Length > 0)
        {
            resolved.Add(DefaultChannel);
        }

        return resolved;
    }

    [LoggerMessage(EventId = 13040, Level = LogLevel.Information, Message = "Chat channel of topic {TopicSlug} set to {Channel}")]
    private static partial void LogMapped(ILogger logger, string topicSlug, string channel);

    [LoggerMessage(EventId = 13041, Level = LogLevel.Information, Message = "Chat channel of topic {TopicSlug} removed")]
    private static partial void LogUnmapped(ILogger logger, string topicSlug);
}
