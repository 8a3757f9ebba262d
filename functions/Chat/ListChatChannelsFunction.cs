using CoP.Shared.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Chat;

/// <summary>GET /api/manage/chat/channels (function key): every topic with its chat channel, and the default channel.</summary>
public sealed class ListChatChannelsFunction(ChatChannelMap channels)
{
    [Function(nameof(ListChatChannels))]
    public async Task<IResult> ListChatChannels(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/chat/channels")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var rows = await channels.ListAsync(cancellationToken);
        var defaultChannel = channels.DefaultChannel.Length > 0 ? channels.DefaultChannel : null;
        return TypedResults.Ok(new ChatChannelListResponse(defaultChannel, [.. rows.Select(r => new ChatChannelResponse(r.Topic.Slug, r.Channel))]));
    }
}

/// <summary>The channel map: where events of unmapped topics go (null: nowhere), and each topic's channel.</summary>
public sealed record ChatChannelListResponse(string? DefaultChannel, IReadOnlyList<ChatChannelResponse> Channels);
