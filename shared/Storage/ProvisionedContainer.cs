using Azure.Storage.Blobs;

namespace CoP.Shared.Storage;

/// <summary>
/// A blob container that creates itself on first use, once per process, so that the app starts against an
/// empty account (infra creates the containers in Azure; Azurite and test prefixes start empty). A failed
/// creation is retried by the next caller.
/// </summary>
public sealed class ProvisionedContainer(BlobContainerClient client)
{
    private Lazy<Task> _provisioning = new(() => CreateAsync(client), LazyThreadSafetyMode.ExecutionAndPublication);

    public string Name => client.Name;

    public async ValueTask<BlobContainerClient> GetClientAsync(CancellationToken cancellationToken = default)
    {
        var provisioning = _provisioning;
        try
        {
            await provisioning.Value.WaitAsync(cancellationToken);
        }
        catch when (provisioning.Value.IsFaulted || provisioning.Value.IsCanceled)
        {
            Interlocked.CompareExchange(ref _provisioning, new(() => CreateAsync(client), LazyThreadSafetyMode.ExecutionAndPublication), provisioning);
            throw;
        }

        return client;
    }

    private static async Task CreateAsync(BlobContainerClient container)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await container.CreateIfNotExistsAsync(cancellationToken: timeout.Token);
    }
}
