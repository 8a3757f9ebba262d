namespace CoP.Shared.Email;

/// <summary>How email leaves the app, chosen explicitly: nothing ever falls back from one to the other.</summary>
public enum EmailTransport
{
    /// <summary>SendGrid's v3 API: the only transport accepted in Azure.</summary>
    SendGrid,

    /// <summary>A local folder of messages to open and read: for development and tests only.</summary>
    Outbox,
}

/// <summary>How email leaves the app (section <c>Email</c>, app settings <c>Email__*</c>).</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public const string DefaultCommunityName = "Climate-Soil Community of Practice";

    /// <summary>Required: <see cref="EmailTransport.SendGrid"/> or <see cref="EmailTransport.Outbox"/> (refused in Azure).</summary>
    public EmailTransport? Transport { get; set; }

    /// <summary>
    /// SendGrid API key (a Key Vault reference in Azure). With the SendGrid transport and no usable key, the app
    /// fails closed: health answers 503, transactional mail waits in its queue and the newsletter is held.
    /// </summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>SendGrid's API base address; tests point it at a local fake server.</summary>
    public Uri? SendGridHost { get; set; } = new("https://api.sendgrid.com");

    /// <summary>The sender address; a domain authenticated in SendGrid.</summary>
    public string? FromAddress { get; set; }

    public string FromName { get; set; } = DefaultCommunityName;

    /// <summary>Where replies go when not to <see cref="FromAddress"/>; empty for none.</summary>
    public string? ReplyToAddress { get; set; }

    /// <summary>Folder of the local outbox, relative to the current directory or absolute.</summary>
    public string OutboxPath { get; set; } = ".outbox";

    /// <summary>The community's name as the emails print it.</summary>
    public string CommunityName { get; set; } = DefaultCommunityName;

    /// <summary>How long one attempt to reach SendGrid may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a 408, 429, 5xx, timeout or connection failure; 0 disables them.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First delay of the exponential backoff (with jitter) when SendGrid sends no Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True when mail goes through SendGrid (whether or not its key is usable yet).</summary>
    public bool UsesSendGrid => Transport == EmailTransport.SendGrid;

    /// <summary>
    /// True when a SendGrid key is configured. A Key Vault reference that App Service could not resolve (the
    /// secret was not stored yet) arrives as its own literal text and counts as no key.
    /// </summary>
    public bool HasSendGridKey =>
        !string.IsNullOrWhiteSpace(SendGridApiKey) && !SendGridApiKey.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Why mail cannot leave now, naming the setting to fix; null when it can. Only the SendGrid transport without a
    /// usable key is not ready.
    /// </summary>
    public string? NotReadyBecause => UsesSendGrid && !HasSendGridKey
        ? "Email__SendGridApiKey is not set, or its Key Vault reference did not resolve: transactional mail waits in its queue and the newsletter is held."
        : null;

    /// <summary>
    /// The longest a send may take with every attempt timing out and every backoff at its cap, plus a margin:
    /// a bound for callers, not a target.
    /// </summary>
    public TimeSpan TotalTimeout =>
        (RequestTimeout * (MaxRetries + 1)) + (MaxRetryDelay * MaxRetries) + TimeSpan.FromSeconds(5);

    /// <summary>Cap on one backoff delay, a Retry-After included, so that a send cannot stall a function for long.</summary>
    internal static TimeSpan MaxRetryDelay => TimeSpan.FromSeconds(30);
}
