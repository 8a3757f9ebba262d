using System.Diagnostics;
using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Chat;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Chat;

/// <summary>
/// PUT /api/manage/chat/channels/{topicSlug} (function key): <c>{"channel":"#name"}</c> posts the topic's events to that
/// Rocket.Chat room; <c>{"channel":null}</c> removes the mapping (its events follow the default channel, or go nowhere).
/// </summary>
public sealed class MapChatChannelFunction(ChatChannelMap channels)
{
    [Function(nameof(MapChatChannel))]
    public async Task<IResult> MapChatChannel(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "manage/chat/channels/{topicSlug}")] HttpRequest request,
        string topicSlug,
        CancellationToken cancellationToken)
    {
        if (!TopicRules.IsValidSlug(topicSlug))
        {
            return Problems.NotFound($"There is no topic '{topicSlug}'.");
        }

        return await JsonRequestBody.ReadAsync<ChannelRequest>(request, maxBytes: 1024, cancellationToken) switch
        {
            RequestBody<ChannelRequest>.Read { Value: var body } => await MapAsync(topicSlug, body, cancellationToken),
            RequestBody<ChannelRequest>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> MapAsync(string topicSlug, ChannelRequest body, CancellationToken cancellationToken) =>
        ChatChannelRules.Check(body.Channel) switch
        {
            Validated<ChannelChoice>.Invalid { Errors: var errors } => Problems.Validation(errors),
            Validated<ChannelChoice>.Valid { Value: var choice } => await channels.SetAsync(topicSlug, choice, cancellationToken) switch
            {
                ChannelMapResult.Mapped { TopicSlug: var slug, Channel: var channel } => TypedResults.Ok(new ChatChannelResponse(slug, channel)),
                ChannelMapResult.Unmapped { TopicSlug: var slug } => TypedResults.Ok(new ChatChannelResponse(slug, null)),
                ChannelMapResult.UnknownTopic { TopicSlug: var slug } => Problems.NotFound($"There is no topic '{slug}'."),
                _ => throw new UnreachableException(),
            },
            _ => throw new UnreachableException(),
        };

    /// <summary>The body: <see cref="Channel"/> is a JSON string, or JSON null to unmap; absent is refused.</summary>
    public sealed record ChannelRequest(JsonElement Channel);
}

/// <summary>A topic's chat channel as the manage routes answer it (null: none of its own).</summary>
public sealed record ChatChannelResponse(string TopicSlug, string? Channel);
