namespace CoP.Shared.Chat;

/// <summary>Where and how domain events are posted to Rocket.Chat (section <c>Chat</c>, app settings <c>Chat__*</c>).</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>
    /// The whole Rocket.Chat incoming webhook URL (<c>https://chat.example.org/hooks/{id}/{token}</c>): a secret, as the
    /// token is part of it (a Key Vault reference in Azure). Empty: nothing is posted and nothing is queued for the chat.
    /// </summary>
    public string? HookUrl { get; set; }

    /// <summary>Where events go whose topics have no channel (e.g. <c>#community</c>); empty: such events go nowhere.</summary>
    public string DefaultChannel { get; set; } = "";

    /// <summary>The name the messages appear under.</summary>
    public string Alias { get; set; } = "Climate-Soil CoP";

    /// <summary>The avatar emoji of the messages, e.g. <c>:seedling:</c>.</summary>
    public string Emoji { get; set; } = ":seedling:";

    /// <summary>How long one post may take; a post without an answer by then may or may not have been posted.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts of one event's posts before its queue message goes to <c>chat-posts-poison</c>.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before the second attempt; each later one waits twice as long as the one before.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True when a hook URL is configured. A Key Vault reference that App Service could not resolve (the secret was not
    /// stored yet) arrives as its own literal text and counts as none.
    /// </summary>
    public bool HasHook =>
        !string.IsNullOrWhiteSpace(HookUrl) && !HookUrl.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    /// <summary>The hook's address when <see cref="HasHook"/>; never logged, as it holds the token.</summary>
    public Uri? Hook => HasHook && Uri.TryCreate(HookUrl!.Trim(), UriKind.Absolute, out var uri) ? uri : null;

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 or more): doubling from <see cref="RetryBaseDelay"/>, at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay(int nextAttempt)
    {
        var doublings = Math.Clamp(nextAttempt - 2, 0, 30);
        var delay = RetryBaseDelay * Math.Pow(2, doublings);
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }

    /// <summary>The longest wait between two attempts.</summary>
    public static TimeSpan MaxRetryDelay => TimeSpan.FromHours(6);

    /// <summary>The longest wait a Retry-After can ask for; it can only lengthen the doubling wait, never shorten it.</summary>
    public static TimeSpan MaxRetryAfter => TimeSpan.FromHours(1);
}
