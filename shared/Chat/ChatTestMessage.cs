using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Chat;

/// <summary>What posting the test message did.</summary>
public abstract record ChatTestResult
{
    private ChatTestResult()
    {
    }

    /// <summary>Rocket.Chat answered: its status, whether it confirmed (200 with <c>success:true</c>), and the start of its body.</summary>
    public sealed record Answered(int Status, bool Success, string Body) : ChatTestResult;

    /// <summary>Rocket.Chat did not answer (or could not be reached): why, in words without the hook URL.</summary>
    public sealed record NoAnswer(string Reason) : ChatTestResult;

    /// <summary>No hook URL is set: nothing was posted.</summary>
    public sealed record NoHook : ChatTestResult;
}

/// <summary>Posts the test message (<c>TestChat</c> and the console's test button), so that an operator sees Rocket.Chat's own answer.</summary>
public sealed partial class ChatTestMessage(RocketChatHook hook, IOptions<ChatOptions> options, ILogger<ChatTestMessage> logger)
{
    /// <summary>How much of Rocket.Chat's answer is shown.</summary>
    public const int MaxBodyLength = 2048;

    /// <summary>Posts the test message to <paramref name="channel"/>, else the default channel, else the hook's own channel.</summary>
    public async Task<ChatTestResult> PostAsync(string? channel, CancellationToken cancellationToken = default)
    {
        if (!options.Value.HasHook)
        {
            return new ChatTestResult.NoHook();
        }

        var target = channel ?? (options.Value.DefaultChannel.Length > 0 ? options.Value.DefaultChannel : null);
        var result = await hook.PostAsync(RocketChatMessages.Test(target, options.Value), cancellationToken) switch
        {
            HookAnswer.Confirmed { Status: var status, Body: var body } => new ChatTestResult.Answered(status, true, Bounded(body)),
            HookAnswer.Refused { Status: var status, Body: var body } => new ChatTestResult.Answered(status, false, Bounded(body)),
            HookAnswer.Unreachable { Reason: var reason } => new ChatTestResult.NoAnswer($"Rocket.Chat could not be reached ({reason})."),
            HookAnswer.Unanswered { Reason: var reason } => (ChatTestResult)new ChatTestResult.NoAnswer($"Rocket.Chat did not answer ({reason})."),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        LogTested(logger, target ?? "(the hook's channel)", result is ChatTestResult.Answered { Success: true });
        return result;
    }

    private static string Bounded(string body) => body.Length <= MaxBodyLength ? body : body[..MaxBodyLength];

    [LoggerMessage(EventId = 13051, Level = LogLevel.Information, Message = "The chat test message was posted to {Channel}; confirmed: {Success}")]
    private static partial void LogTested(ILogger logger, string channel, bool success);
}
