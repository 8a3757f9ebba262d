using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using CoP.Shared.Hosting;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace CoP.Functions.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The setting that names the Application Insights resource; without it nothing is exported.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// The worker's own telemetry through OpenTelemetry: logs with their structured properties as attributes (so
    /// <c>{MemberId}</c> or <c>{IssueId}</c> become dimensions in Application Insights), the app's meters, and the
    /// function invocation's trace context. Exported to Application Insights with Entra authentication (the app's
    /// managed identity; the resource accepts nothing else) when <see cref="ConnectionStringSetting"/> is set.
    /// Log messages never carry addresses or names (a rule of the code base), so neither does the telemetry.
    /// <paramref name="exporters"/> adds further exporters (the tests' in-memory one).
    /// </summary>
    public static IServiceCollection AddCommunityTelemetry(
        this IServiceCollection services, IConfiguration configuration, Action<IOpenTelemetryBuilder>? exporters = null)
    {
        var telemetry = services.AddOpenTelemetry()
            .WithLogging(configureBuilder: null, configureOptions: options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            })
            .WithMetrics(metrics => metrics.AddMeter(CommunityMetrics.MeterNames))
            .UseFunctionsWorkerDefaults();

        var connectionString = configuration[ConnectionStringSetting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = Credential(configuration);
            });
        }

        exporters?.Invoke(telemetry);
        return services;
    }

    /// <summary>The user-assigned identity named by AZURE_CLIENT_ID (as infra sets it), else the default chain.</summary>
    private static TokenCredential Credential(IConfiguration configuration) =>
        configuration["AZURE_CLIENT_ID"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
}
