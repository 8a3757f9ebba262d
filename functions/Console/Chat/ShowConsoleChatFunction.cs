using CoP.Shared.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Console.Chat;

/// <summary>
/// GET /api/console/chat: whether a Rocket.Chat hook is set (never its address), the default channel, every topic with
/// its channel and a form to map or unmap it, and the test button. <c>?mapped=</c> names the topic just changed.
/// </summary>
public sealed class ShowConsoleChatFunction(ConsoleGate gate, ChatChannelMap channels, IOptions<ChatOptions> options)
{
    [Function(nameof(ShowConsoleChat))]
    public async Task<IResult> ShowConsoleChat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/chat")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var rows = await channels.ListAsync(cancellationToken);

        // The topic named by ?mapped=, when it is one (a query cannot make the page say anything else).
        var mapped = rows.FirstOrDefault(row => row.Topic.Slug == request.Query["mapped"])?.Topic.Name ?? "";
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-chat", session, _ => ChatPage.Model(rows, channels.DefaultChannel, options.Value.HasHook, mapped, refusal: null, test: null, testError: ""));
    }
}
