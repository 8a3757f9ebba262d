using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.DomainEvents;

public static class DomainEventsServiceCollectionExtensions
{
    /// <summary>The domain events' store and log. Subscribers (chat, webhooks) register themselves as <see cref="IDomainEventSubscriber"/>.</summary>
    public static IServiceCollection AddDomainEvents(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DomainEventStore>();
        services.TryAddSingleton<DomainEventLog>();
        return services;
    }
}
