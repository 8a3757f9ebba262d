using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static CoP.Tests.Browser.BrowserWalks;

namespace CoP.Tests.Browser;

/// <summary>The browser tests' host answers as the Functions host does: every HTTP function on its route, keys checked, worker middleware run.</summary>
public sealed class FunctionsTestHostTests(StorageFixture storage)
{
    [Fact]
    public void EveryHttpFunctionIsFoundOnceWithARoute()
    {
        var functions = HttpFunctionRoutes.Discover();

        Assert.True(functions.Count >= 40, $"only {functions.Count} HTTP functions found");
        Assert.Equal(functions.Count, functions.Select(f => f.Name).Distinct().Count());
        Assert.All(functions, f => Assert.False(string.IsNullOrEmpty(f.Trigger.Route), f.Name));
    }

    [Fact]
    public async Task OperatorRoutesAreRefusedWithoutTheFunctionKeyAndServedWithItInTheHeaderOrTheQuery()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        using var anonymous = host.Client();
        using var @operator = host.Client(@operator: true);

        using var refused = await anonymous.GetAsync("api/manage/members", Ct);
        using var byHeader = await @operator.GetAsync("api/manage/members", Ct);
        using var byQuery = await anonymous.GetAsync($"api/manage/members?code={FunctionsTestHost.FunctionKey}", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
    }

    [Fact]
    public async Task RoutesThatShareAPrefixReachTheirOwnFunctionThroughTheWorkerMiddleware()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        var pollId = await OpenPollAsync(host);
        using var client = host.Client();

        using var poll = await client.GetAsync($"api/polls/{pollId}", Ct);
        using var results = await client.GetAsync($"api/polls/{pollId}/results", Ct);

        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.True((await poll.Content.ReadFromJsonAsync<JsonElement>(Ct)).TryGetProperty("question", out _));
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        Assert.True((await results.Content.ReadFromJsonAsync<JsonElement>(Ct)).TryGetProperty("ballots", out _));
        Assert.Contains("default-src 'none'", poll.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
