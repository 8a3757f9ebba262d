using CoP.Functions.Http;
using CoP.TestSupport;
using Microsoft.Extensions.Logging;

namespace CoP.Tests.Http;

public sealed class HttpExceptionMiddlewareTests(StorageFixture storage)
{
    private const string SecretDetail = "connection to 10.1.2.3 failed for AccountKey=abc";

    [Fact]
    public async Task HttpFunctionExceptionBecomesA500ProblemWithoutInternals()
    {
        await using var app = TestApp.Create(storage);
        var request = app.Get("/api/health");
        var context = new TestFunctionContext("GetHealth", app.Services, request.HttpContext);
        var middleware = new HttpExceptionMiddleware(app.Get<ILogger<HttpExceptionMiddleware>>());

        await middleware.Invoke(context, _ => throw new InvalidOperationException(SecretDetail));

        var response = await TestResponse.ReadAsync(request.HttpContext.Response);
        Assert.Equal(500, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        var body = response.Json();
        Assert.Equal(500, body.GetProperty("status").GetInt32());
        Assert.Equal(context.InvocationId, body.GetProperty("traceId").GetString());
        Assert.DoesNotContain("10.1.2.3", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", response.Body, StringComparison.Ordinal);
        var logged = Assert.Single(app.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("GetHealth", logged.Message, StringComparison.Ordinal);
        Assert.Contains(SecretDetail, logged.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonHttpFunctionExceptionEscapesForThePlatformToRetry()
    {
        await using var app = TestApp.Create(storage);
        var context = new TestFunctionContext("IngestDocument", app.Services);
        var middleware = new HttpExceptionMiddleware(app.Get<ILogger<HttpExceptionMiddleware>>());

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(
            () => middleware.Invoke(context, _ => throw new InvalidOperationException("blob not readable")));

        Assert.Equal("blob not readable", thrown.Message);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task SuccessfulFunctionPassesThroughUntouched()
    {
        await using var app = TestApp.Create(storage);
        var request = app.Get("/api/topics");
        var context = new TestFunctionContext("ListTopics", app.Services, request.HttpContext);
        var middleware = new HttpExceptionMiddleware(app.Get<ILogger<HttpExceptionMiddleware>>());
        var called = false;

        await middleware.Invoke(context, _ =>
        {
            called = true;
            request.HttpContext.Response.StatusCode = 202;
            return Task.CompletedTask;
        });

        Assert.True(called);
        Assert.Equal(202, request.HttpContext.Response.StatusCode);
    }
}
