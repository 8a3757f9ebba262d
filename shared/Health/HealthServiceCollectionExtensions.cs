using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoP.Shared.Health;

public static class HealthServiceCollectionExtensions
{
    public const string TablesCheck = "tables";
    public const string BlobsCheck = "blobs";

    public static IServiceCollection AddStorageHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(HealthOptions.SectionName).Get<HealthOptions>() ?? new HealthOptions();
        if (options.CheckTimeout <= TimeSpan.Zero || options.CheckTimeout > TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException("Health__CheckTimeout must be a positive time span of at most 00:01:00.");
        }

        services.AddHealthChecks()
            .AddCheck<TableStorageHealthCheck>(TablesCheck, HealthStatus.Unhealthy, timeout: options.CheckTimeout)
            .AddCheck<BlobStorageHealthCheck>(BlobsCheck, HealthStatus.Unhealthy, timeout: options.CheckTimeout);
        return services;
    }
}
