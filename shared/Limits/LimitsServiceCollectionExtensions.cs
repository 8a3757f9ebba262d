using CoP.Shared.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Limits;

public static class LimitsServiceCollectionExtensions
{
    /// <summary>
    /// The request limiter, and the <c>Limits</c> section validated at start-up. Needs storage and membership (the
    /// privacy key that hashes client keys).
    /// </summary>
    public static IServiceCollection AddCommunityLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Pseudonymizer>();
        services.TryAddSingleton<RequestLimiter>();
        return services;
    }
}
