using CoP.Shared.Email.Queue;
using CoP.Shared.Members;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

public static class DocumentsServiceCollectionExtensions
{
    /// <summary>Uploads, ingestion, the catalog and review. Needs storage, the topic catalog, email and membership.</summary>
    public static IServiceCollection AddCommunityDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DocumentOptions>().Bind(configuration.GetSection(DocumentOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DocumentOptions>, DocumentOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BlobSasIssuer>();
        services.TryAddSingleton<DocumentStore>();
        services.TryAddSingleton<DocumentBlobs>();
        services.TryAddSingleton<DocumentMailer>();
        services.TryAddSingleton<DocumentOutcomeNotifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, DocumentOutcomeMailPreparer>());
        services.TryAddSingleton<DocumentUploadQuota>();
        services.TryAddSingleton<DocumentUploadService>();
        services.TryAddSingleton<RejectedUploadPurge>();
        services.TryAddSingleton<PlacedFileAdoption>();
        services.TryAddSingleton<UploadDecider>();
        services.TryAddSingleton<DocumentIngestionService>();
        services.TryAddSingleton<DeadLetteredUploads>();
        services.TryAddSingleton<DocumentCatalog>();
        services.TryAddSingleton<DocumentTakedown>();
        services.TryAddSingleton<OperatorDocuments>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMemberDataHolder, DocumentsMemberData>());
        return services;
    }
}
