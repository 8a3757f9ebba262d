using CoP.Shared.DomainEvents;
using CoP.Shared.Email.Queue;
using CoP.Shared.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>
    /// Outgoing webhooks: the store, the queue, the target policy, the operators' service, the subscriber that queues
    /// each event's deliveries and the deliverer with its HTTP client. Needs storage, the domain events and the mail queue.
    /// </summary>
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
        services.TryAddSingleton<WebhookDisabledNotices>();
        services.TryAddSingleton<WebhookHealth>();
        services.TryAddSingleton<WebhookDeliverer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDomainEventSubscriber, WebhookNotifier>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, WebhookDisabledMailPreparer>());

        // No retries here (the delivery's schedule is the retry), no redirects (a 3xx is a failure, never a second
        // target), no proxy (the connect callback must see the address it dials), the target policy's connect, and no
        // logging by the client: its lines name the URL, whose path may hold the receiver's token.
        services.AddHttpClient(WebhookDeliverer.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectTimeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout,
                ConnectCallback = provider.GetRequiredService<WebhookTargetPolicy>().ConnectAsync,
            })
            .RemoveAllLoggers();
        return services;
    }
}
