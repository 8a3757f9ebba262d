using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Chat;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Console.Chat;

/// <summary>
/// POST /api/console/chat/channels/{topicSlug}: sets the topic's channel (field <c>channel</c>; empty unmaps it), with
/// the rules of PUT /api/manage/chat/channels/{topicSlug}; audited as <c>chat.map</c>. A refused channel comes back
/// beside its topic (400); an unknown topic gets a 404 problem.
/// </summary>
public sealed class MapConsoleChatChannelFunction(ConsoleGate gate, ChatChannelMap channels, IOptions<ChatOptions> options)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(MapConsoleChatChannel))]
    public async Task<IResult> MapConsoleChatChannel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/chat/channels/{topicSlug}")] HttpRequest request,
        string topicSlug,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await MapAsync(session, topicSlug, fields["channel"].ToString(), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> MapAsync(ConsoleSession.Open session, string topicSlug, string channel, CancellationToken cancellationToken)
    {
        if (!TopicRules.IsValidSlug(topicSlug))
        {
            return Problems.NotFound($"There is no topic '{topicSlug}'.");
        }

        switch (ChatChannelRules.Check(channel))
        {
            case Validated<ChannelChoice>.Valid { Value: var choice }:
                return await channels.SetAsync(topicSlug, choice, cancellationToken) switch
                {
                    ChannelMapResult.Mapped { Channel: var room } => await DoneAsync(session, topicSlug, $"mapped to {room}", cancellationToken),
                    ChannelMapResult.Unmapped => await DoneAsync(session, topicSlug, "unmapped", cancellationToken),
                    ChannelMapResult.UnknownTopic => Problems.NotFound($"There is no topic '{topicSlug}'."),
                    _ => throw new UnreachableException(),
                };
            case Validated<ChannelChoice>.Invalid { Errors: var errors }:
                var rows = await channels.ListAsync(cancellationToken);
                if (rows.All(row => row.Topic.Slug != topicSlug))
                {
                    return Problems.NotFound($"There is no topic '{topicSlug}'.");
                }

                var refusal = new ChatPage.Refusal(topicSlug, ChatPage.Bounded(channel), errors["channel"][0]);
                return ConsoleGate.Page(StatusCodes.Status400BadRequest, "console-chat", session, _ => ChatPage.Model(rows, channels.DefaultChannel, options.Value.HasHook, mapped: "", refusal, test: null, testError: ""));
            default:
                throw new UnreachableException();
        }
    }

    private async Task<IResult> DoneAsync(ConsoleSession.Open session, string topicSlug, string detail, CancellationToken cancellationToken)
    {
        await gate.RecordAsync(session, "chat.map", topicSlug, detail, cancellationToken);
        return HtmlPages.SeeOther($"{ConsoleGate.Home}/chat?mapped={Uri.EscapeDataString(topicSlug)}");
    }
}
