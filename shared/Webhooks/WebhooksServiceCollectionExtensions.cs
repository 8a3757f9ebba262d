using CoP.Shared.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Outgoing webhooks: the store, the queue, the target policy and the operators' service. Needs storage and the domain events.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.AddHostingEnvironment(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebhookStore>();
        services.TryAddSingleton<QueuedWebhookDeliveries>();
        services.TryAddSingleton<WebhookTargetPolicy>();
        services.TryAddSingleton<WebhookService>();
        return services;
    }
}
