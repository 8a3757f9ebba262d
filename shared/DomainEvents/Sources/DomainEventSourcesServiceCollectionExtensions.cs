using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.DomainEvents.Sources;

public static class DomainEventSourcesServiceCollectionExtensions
{
    /// <summary>
    /// The sources of the domain events: each area's news (called by its services right after the happening) and the
    /// timer's run with its options. Needs the domain events' log and the areas' stores and links.
    /// </summary>
    public static IServiceCollection AddDomainEventSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DomainEventOptions>()
            .Bind(configuration.GetSection(DomainEventOptions.SectionName))
            .Configure(options => options.Schedule = configuration[DomainEventOptions.ScheduleSetting] is { Length: > 0 } schedule ? schedule : options.Schedule)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DomainEventOptions>, DomainEventOptionsValidator>());
        services.TryAddSingleton<DocumentNews>();
        services.TryAddSingleton<PollNews>();
        services.TryAddSingleton<EventNews>();
        services.TryAddSingleton<ProjectNews>();
        services.TryAddSingleton<NewsletterNews>();
        services.TryAddSingleton<DomainEventRun>();
        return services;
    }
}
