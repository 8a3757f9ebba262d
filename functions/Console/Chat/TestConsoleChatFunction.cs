using System.Diagnostics;
using CoP.Shared.Chat;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Console.Chat;

/// <summary>
/// POST /api/console/chat/test: posts the test message (field <c>channel</c>, optional: else the default channel, else
/// the hook's own), as POST /api/manage/chat/test does, and answers the chat page with Rocket.Chat's answer (200: the
/// answer is the page, there is nothing to redirect to); audited as <c>chat.test</c>.
/// </summary>
public sealed class TestConsoleChatFunction(ConsoleGate gate, ChatTestMessage test, ChatChannelMap channels, IOptions<ChatOptions> options)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(TestConsoleChat))]
    public async Task<IResult> TestConsoleChat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/chat/test")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await TestAsync(session, fields["channel"].ToString(), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> TestAsync(ConsoleSession.Open session, string channel, CancellationToken cancellationToken)
    {
        var rows = await channels.ListAsync(cancellationToken);
        IResult Page(int status, ChatPage.TestAnswer? answer, string error) =>
            ConsoleGate.Page(status, "console-chat", session, _ => ChatPage.Model(rows, channels.DefaultChannel, options.Value.HasHook, mapped: "", refusal: null, answer, error));

        string? room;
        switch (ChatChannelRules.Check(channel))
        {
            case Validated<ChannelChoice>.Valid { Value: ChannelChoice.Room { Channel: var chosen } }:
                room = chosen;
                break;
            case Validated<ChannelChoice>.Valid:
                room = null;
                break;
            case Validated<ChannelChoice>.Invalid { Errors: var errors }:
                return Page(StatusCodes.Status400BadRequest, null, errors["channel"][0]);
            default:
                throw new UnreachableException();
        }

        var shown = room ?? (channels.DefaultChannel.Length > 0 ? channels.DefaultChannel : "");
        var (answer, detail) = await test.PostAsync(room, cancellationToken) switch
        {
            ChatTestResult.Answered { Status: var status, Success: var success, Body: var body } =>
                (new ChatPage.TestAnswer(shown, status, success, body, ""), $"status {status}, {(success ? "posted" : "not posted")}"),
            ChatTestResult.NoAnswer { Reason: var reason } => (new ChatPage.TestAnswer(shown, 0, false, "", reason), "no answer"),
            ChatTestResult.NoHook => ((ChatPage.TestAnswer?)null, "no hook URL"),
            _ => throw new UnreachableException(),
        };
        await gate.RecordAsync(session, "chat.test", shown.Length > 0 ? shown : "(hook channel)", detail, cancellationToken);
        return answer is null ? Page(StatusCodes.Status503ServiceUnavailable, null, "No Rocket.Chat hook is set (Chat__HookUrl): nothing was posted.") : Page(StatusCodes.Status200OK, answer, "");
    }
}
