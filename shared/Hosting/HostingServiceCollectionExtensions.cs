using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Hosting;

public static class HostingServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="HostingEnvironment"/> and the app's <see cref="CommunityMetrics"/> once; every area calls this.</summary>
    public static IServiceCollection AddHostingEnvironment(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(HostingEnvironment.From(configuration));
        services.AddMetrics();
        services.TryAddSingleton<CommunityMetrics>();
        return services;
    }
}
