using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Table, Blob and Queue service clients once (thread-safe singletons), configured from the
    /// <c>Storage</c> section, and validates that section at start-up.
    /// </summary>
    public static IServiceCollection AddCommunityStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton<StorageNames>();

        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                clientOptions.Retry.NetworkTimeout = storage.NetworkTimeout;
                return storage.UsesConnectionString
                    ? new TableServiceClient(storage.ConnectionString, clientOptions)
                    : new TableServiceClient(storage.TableServiceUri, credential, clientOptions);
            });
            clients.AddClient<BlobServiceClient, BlobClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                clientOptions.Retry.NetworkTimeout = storage.NetworkTimeout;
                return storage.UsesConnectionString
                    ? new BlobServiceClient(storage.ConnectionString, clientOptions)
                    : new BlobServiceClient(storage.BlobServiceUri, credential, clientOptions);
            });
            clients.AddClient<QueueServiceClient, QueueClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                clientOptions.Retry.NetworkTimeout = storage.NetworkTimeout;

                // The Functions queue trigger reads messages as base64 by default; writing them so keeps host.json plain.
                clientOptions.MessageEncoding = QueueMessageEncoding.Base64;
                return storage.UsesConnectionString
                    ? new QueueServiceClient(storage.ConnectionString, clientOptions)
                    : new QueueServiceClient(storage.QueueServiceUri, credential, clientOptions);
            });
            clients.UseCredential(CreateCredential);
        });
        return services;
    }

    private static TokenCredential CreateCredential(IServiceProvider provider)
    {
        var clientId = provider.GetRequiredService<IOptions<StorageOptions>>().Value.ManagedIdentityClientId;
        return string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
