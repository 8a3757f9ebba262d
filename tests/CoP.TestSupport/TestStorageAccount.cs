using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace CoP.TestSupport;

/// <summary>
/// The storage account the tests run against: the one named by <see cref="ConnectionStringVariable"/>
/// (any account, a real Azure one included), or otherwise an Azurite started here and stopped at the end.
/// Tests isolate themselves by a unique resource prefix and remove what they created.
/// </summary>
public sealed class TestStorageAccount : IAsyncDisposable
{
    public const string ConnectionStringVariable = "COP_TEST_STORAGE_CONNECTION_STRING";

    private readonly AzuriteServer? _azurite;

    private TestStorageAccount(string connectionString, AzuriteServer? azurite)
    {
        ConnectionString = connectionString;
        _azurite = azurite;
    }

    public string ConnectionString { get; }

    public bool IsLocalAzurite => _azurite is not null;

    public static async Task<TestStorageAccount> OpenAsync(CancellationToken cancellationToken = default)
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new TestStorageAccount(configured, azurite: null);
        }

        var azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken);
        return new TestStorageAccount(azurite.ConnectionString, azurite);
    }

    /// <summary>A fresh prefix: lowercase, starts with a letter, valid in table and container names.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..11];

    /// <summary>Deletes every table, container and queue whose name starts with the prefix.</summary>
    public async Task DeleteResourcesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var tables = new TableServiceClient(ConnectionString);
        await foreach (var table in tables.QueryAsync(cancellationToken: cancellationToken))
        {
            if (table.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                await tables.DeleteTableAsync(table.Name, cancellationToken);
            }
        }

        var blobs = new BlobServiceClient(ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: prefix, cancellationToken: cancellationToken))
        {
            await blobs.DeleteBlobContainerAsync(container.Name, cancellationToken: cancellationToken);
        }

        var queues = new QueueServiceClient(ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix, cancellationToken: cancellationToken))
        {
            await queues.DeleteQueueAsync(queue.Name, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
