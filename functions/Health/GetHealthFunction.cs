using CoP.Functions.Http;
using CoP.Shared.Email;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoP.Functions.Health;

/// <summary>GET /api/health: 200 when Table and Blob storage answer and email can leave, 503 problem details naming what is wrong when not.</summary>
public sealed class GetHealthFunction(HealthCheckService healthChecks)
{
    [Function(nameof(GetHealth))]
    public async Task<IResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await healthChecks.CheckHealthAsync(cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "no-store";

        // Only the outcome per dependency: exception messages may carry endpoints and stay in the logs. The email
        // check's own description names the setting to fix and holds no secret.
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status == HealthStatus.Healthy ? "ok" : e.Key == EmailReadinessHealthCheck.Name ? "notReady" : "unreachable");
        if (report.Status == HealthStatus.Healthy)
        {
            return TypedResults.Ok(new HealthResponse("healthy", checks, (long)report.TotalDuration.TotalMilliseconds));
        }

        var reasons = report.Entries
            .Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => e.Key == EmailReadinessHealthCheck.Name ? e.Value.Description! : "Storage did not answer in time.")
            .Distinct(StringComparer.Ordinal);
        return Problems.ServiceUnavailable(string.Join(" ", reasons), new Dictionary<string, object?> { ["checks"] = checks });
    }

    public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks, long DurationMs);
}
