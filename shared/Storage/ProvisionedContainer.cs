using Azure.Storage.Blobs;

namespace CoP.Shared.Storage;

/// <summary>A blob container that creates itself on first use (see <see cref="Provisioned{TClient}"/>).</summary>
public sealed class ProvisionedContainer(BlobContainerClient client)
{
    private readonly Provisioned<BlobContainerClient> _container = new(client, (c, ct) => c.CreateIfNotExistsAsync(cancellationToken: ct));

    public string Name => client.Name;

    public ValueTask<BlobContainerClient> GetClientAsync(CancellationToken cancellationToken = default) => _container.GetClientAsync(cancellationToken);
}
