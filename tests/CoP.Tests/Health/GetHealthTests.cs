using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CoP.Functions.Health;
using CoP.TestSupport;

namespace CoP.Tests.Health;

public sealed class GetHealthTests(StorageFixture storage)
{
    [Fact]
    public async Task HealthIsOkWhenTableAndBlobStorageAnswer()
    {
        await using var app = TestApp.Create(storage);

        var response = await GetHealthAsync(app);

        Assert.Equal(200, response.Status);
        var body = response.Json();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("tables").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("blobs").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task HealthIs503WithinSecondsWhenStorageIsUnreachable()
    {
        var closedPort = ClosedLoopbackPort();
        var unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" +
            Convert.ToBase64String(new byte[64]) +
            $";BlobEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1;";
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = unreachable,
            ["Health:CheckTimeout"] = "00:00:02",
        });
        var clock = Stopwatch.StartNew();

        var response = await GetHealthAsync(app);

        clock.Stop();
        Assert.Equal(503, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        var body = response.Json();
        Assert.Equal("unreachable", body.GetProperty("checks").GetProperty("tables").GetString());
        Assert.Equal("unreachable", body.GetProperty("checks").GetProperty("blobs").GetString());
        Assert.DoesNotContain("127.0.0.1", response.Body, StringComparison.Ordinal);
        // Not a performance figure: a liveness bound, far above the 2 s check timeout, that a hang would break.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    private static async Task<TestResponse> GetHealthAsync(TestApp app)
    {
        var request = app.Get("/api/health");
        var result = await app.Function<GetHealthFunction>().GetHealth(request, TestContext.Current.CancellationToken);
        return await TestResponse.ExecuteAsync(result, request);
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
