using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Topics;

public static class TopicServiceCollectionExtensions
{
    public static IServiceCollection AddTopicCatalog(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TopicStore>();
        return services;
    }
}
