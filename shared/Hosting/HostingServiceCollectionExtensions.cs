using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Hosting;

public static class HostingServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="HostingEnvironment"/> once; every area that needs it may call this.</summary>
    public static IServiceCollection AddHostingEnvironment(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(HostingEnvironment.From(configuration));
        return services;
    }
}
