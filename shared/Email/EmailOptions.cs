namespace CoP.Shared.Email;

/// <summary>
/// How email leaves the app (section <c>Email</c>, app settings <c>Email__*</c>). Without a SendGrid API key
/// every message goes to the local outbox instead, so that development and tests never need an account.
/// </summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public const string DefaultCommunityName = "Climate-Soil Community of Practice";

    /// <summary>SendGrid API key (a Key Vault reference in Azure). Empty: messages go to the local outbox.</summary>
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

    /// <summary>
    /// True when a SendGrid key is configured. A Key Vault reference that App Service could not resolve (the
    /// secret was not stored yet) arrives as its own literal text and counts as no key.
    /// </summary>
    public bool UsesSendGrid =>
        !string.IsNullOrWhiteSpace(SendGridApiKey) && !SendGridApiKey.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The longest a send may take with every attempt timing out and every backoff at its cap, plus a margin:
    /// a bound for callers, not a target.
    /// </summary>
    public TimeSpan TotalTimeout =>
        (RequestTimeout * (MaxRetries + 1)) + (MaxRetryDelay * MaxRetries) + TimeSpan.FromSeconds(5);

    /// <summary>Cap on one backoff delay, a Retry-After included, so that a send cannot stall a function for long.</summary>
    internal static TimeSpan MaxRetryDelay => TimeSpan.FromSeconds(30);
}
