using System.Net;
using Microsoft.AspNetCore.Http;

namespace CoP.Benchmarks;

/// <summary>
/// Client addresses for requests that the request limiter counts. TestRequests gives every request the same address,
/// so all of them would update one limiter row: at a benchmark's concurrency they would keep losing the race for it
/// (retries, backoff, finally 429), a burst from one client that the limiter is right to slow down. The app's
/// throughput is that of many clients, so each request comes from an address of its own.
/// </summary>
internal static class BenchmarkClients
{
    /// <summary>The request, as if sent by client number <paramref name="client"/>: an address in 198.18.0.0/15 (RFC 2544, for benchmarks).</summary>
    public static HttpRequest FromClient(this HttpRequest request, int client)
    {
        request.HttpContext.Connection.RemoteIpAddress = new IPAddress([198, (byte)(18 + ((client >> 16) & 1)), (byte)(client >> 8), (byte)client]);
        return request;
    }
}
