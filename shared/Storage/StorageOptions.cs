namespace CoP.Shared.Storage;

/// <summary>
/// Where the app's own data lives (section <c>Storage</c>, app settings <c>Storage__*</c>).
/// Either a connection string (Azurite, or an account with shared keys) or the service URIs of an
/// account reached with a managed identity. Deliberately separate from <c>AzureWebJobsStorage</c>,
/// which belongs to the Functions host and uses its own identity-based setting names.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>A storage connection string; when set, the URIs below are ignored.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob endpoint, e.g. https://account.blob.core.windows.net (identity-based access).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Table endpoint, e.g. https://account.table.core.windows.net (identity-based access).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>
    /// Queue endpoint, e.g. https://account.queue.core.windows.net (identity-based access): where the app queues
    /// transactional mail. The same account as the Functions host's <c>AzureWebJobsStorage</c>, whose queue trigger
    /// delivers it.
    /// </summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty means DefaultAzureCredential.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// Prefix for every table and container name, so that several deployments or test runs can share
    /// one account. Lowercase letters and digits, starting with a letter, at most 16 characters.
    /// </summary>
    public string ResourcePrefix { get; set; } = "";

    /// <summary>Per-attempt network timeout of the storage clients.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);
}
