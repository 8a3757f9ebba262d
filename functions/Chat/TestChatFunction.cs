using System.Diagnostics;
using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Chat;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Chat;

/// <summary>
/// POST /api/manage/chat/test (function key), optionally <c>{"channel":"#name"}</c>: posts a test message (to that room,
/// else the default channel, else the hook's own channel) and answers Rocket.Chat's answer, <c>{status, success, body}</c>
/// (the body's first 2 KB). 502 when Rocket.Chat did not answer, 503 when no hook URL is set.
/// </summary>
public sealed class TestChatFunction(ChatTestMessage test)
{
    [Function(nameof(TestChat))]
    public async Task<IResult> TestChat(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/chat/test")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (request.ContentType is null && request.ContentLength is null or 0)
        {
            return await PostAsync(channel: null, cancellationToken);
        }

        return await JsonRequestBody.ReadAsync<TestRequest>(request, maxBytes: 1024, cancellationToken) switch
        {
            RequestBody<TestRequest>.Read { Value: var body } => await CheckAsync(body, cancellationToken),
            RequestBody<TestRequest>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> CheckAsync(TestRequest body, CancellationToken cancellationToken) =>
        body.Channel.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            ? await PostAsync(channel: null, cancellationToken)
            : ChatChannelRules.Check(body.Channel) switch
            {
                Validated<ChannelChoice>.Valid { Value: ChannelChoice.Room { Channel: var channel } } => await PostAsync(channel, cancellationToken),
                Validated<ChannelChoice>.Invalid { Errors: var errors } => Problems.Validation(errors),
                _ => throw new UnreachableException(),
            };

    private async Task<IResult> PostAsync(string? channel, CancellationToken cancellationToken) =>
        await test.PostAsync(channel, cancellationToken) switch
        {
            ChatTestResult.Answered { Status: var status, Success: var success, Body: var body } => TypedResults.Ok(new ChatTestResponse(status, success, body)),
            ChatTestResult.NoAnswer { Reason: var reason } => Problems.BadGateway(reason),
            ChatTestResult.NoHook => Problems.ServiceUnavailable("Chat__HookUrl is not set: nothing can be posted to Rocket.Chat."),
            _ => throw new UnreachableException(),
        };

    /// <summary>The optional body: a room to post the test message to.</summary>
    public sealed record TestRequest(JsonElement Channel);
}

/// <summary>Rocket.Chat's answer to the test message: its status, whether it confirmed the post, and the start of its body.</summary>
public sealed record ChatTestResponse(int Status, bool Success, string Body);
