using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Email;

/// <summary>
/// Email can leave: the configured transport has what it needs. Unhealthy, naming the setting, when SendGrid is the
/// transport and its key is missing or an unresolved Key Vault reference, so that a deployment without the key
/// shows at once instead of losing mail.
/// </summary>
public sealed class EmailReadinessHealthCheck(IOptions<EmailOptions> options) : IHealthCheck
{
    public const string Name = "email";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(options.Value.NotReadyBecause is { } notReady ? HealthCheckResult.Unhealthy(notReady) : HealthCheckResult.Healthy());
}
