using CoP.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoP.Functions.Health;

/// <summary>GET /api/health: 200 when Table and Blob storage answer, 503 problem details when not.</summary>
public sealed class GetHealthFunction(HealthCheckService healthChecks)
{
    [Function(nameof(GetHealth))]
    public async Task<IResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await healthChecks.CheckHealthAsync(cancellationToken);
        // Only the outcome per dependency: exception messages may carry endpoints and stay in the logs.
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status == HealthStatus.Healthy ? "ok" : "unreachable");
        request.HttpContext.Response.Headers.CacheControl = "no-store";

        if (report.Status == HealthStatus.Healthy)
        {
            return TypedResults.Ok(new HealthResponse("healthy", checks, (long)report.TotalDuration.TotalMilliseconds));
        }

        return Problems.ServiceUnavailable(
            "Storage did not answer in time.",
            new Dictionary<string, object?> { ["checks"] = checks });
    }

    public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks, long DurationMs);
}
