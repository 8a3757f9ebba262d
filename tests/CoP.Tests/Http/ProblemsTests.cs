using CoP.Functions.Http;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Tests.Http;

public sealed class ProblemsTests
{
    [Theory]
    [InlineData(0, "1")]
    [InlineData(-5_000, "1")]
    [InlineData(200, "1")]
    [InlineData(1_000, "1")]
    [InlineData(1_001, "2")]
    [InlineData(59_500, "60")]
    [InlineData(3_600_000, "3600")]
    public async Task TooManyRequestsAnswers429ProblemWithRetryAfterInWholeSecondsRoundedUp(int milliseconds, string retryAfter)
    {
        var response = await ExecuteAsync(Problems.TooManyRequests(TimeSpan.FromMilliseconds(milliseconds)));

        Assert.Equal(429, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(retryAfter, response.Headers.RetryAfter.ToString());
        var body = response.Json();
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.Equal("Too many requests.", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task TooManyRequestsBodiesAreIdenticalWhateverTheWait()
    {
        var soon = await ExecuteAsync(Problems.TooManyRequests(TimeSpan.FromSeconds(3)));
        var late = await ExecuteAsync(Problems.TooManyRequests(TimeSpan.FromMinutes(59)));

        Assert.Equal(soon.Body, late.Body);
    }

    private static async Task<TestResponse> ExecuteAsync(Microsoft.AspNetCore.Http.IResult result)
    {
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var request = TestRequests.Empty(services, "POST", "/api/registrations");
        return await TestResponse.ExecuteAsync(result, request);
    }
}
