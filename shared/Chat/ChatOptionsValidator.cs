using CoP.Shared.Hosting;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Chat;

/// <summary>Fails start-up with a message that names the app setting to fix; never one that quotes the hook URL.</summary>
public sealed class ChatOptionsValidator(HostingEnvironment hosting) : IValidateOptions<ChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        var failures = new List<string>();
        if (options.HasHook && !IsHookUrl(options.HookUrl!.Trim()))
        {
            failures.Add(hosting.RunsInAzure
                ? "Chat__HookUrl must be empty or the https address of a Rocket.Chat incoming webhook (https://chat.example.org/hooks/...)."
                : "Chat__HookUrl must be empty or the http(s) address of a Rocket.Chat incoming webhook (https://chat.example.org/hooks/...).");
        }

        if (options.DefaultChannel.Length > 0 && !ChatChannelRules.IsValidChannel(options.DefaultChannel))
        {
            failures.Add("Chat__DefaultChannel must be empty or a Rocket.Chat room name: # and 1-64 letters, digits, '-', '_' or '.', e.g. #community.");
        }

        if (string.IsNullOrWhiteSpace(options.Alias) || options.Alias.Length > 64 || options.Alias.Any(char.IsControl))
        {
            failures.Add("Chat__Alias must be a name of 1-64 characters without control characters.");
        }

        if (!ChatChannelRules.IsValidEmoji(options.Emoji))
        {
            failures.Add("Chat__Emoji must be an emoji code such as :seedling: (lowercase letters, digits, '_', '+' or '-' between colons).");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add("Chat__RequestTimeout must be a positive time span of at most 00:02:00.");
        }

        if (options.MaxAttempts is < 1 or > 20)
        {
            failures.Add("Chat__MaxAttempts must be between 1 and 20.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromHours(1))
        {
            failures.Add("Chat__RetryBaseDelay must be a positive time span of at most 01:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Plain http only off Azure (a local Rocket.Chat, the tests' fake); user info in the address is refused, as
    // Rocket.Chat hooks never need it and HttpClient would send it along.
    private bool IsHookUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && !hosting.RunsInAzure))
        && uri.UserInfo.Length == 0
        && uri.Fragment.Length == 0;
}
