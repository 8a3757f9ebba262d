using CoP.Functions.Http;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;

namespace CoP.Tests.Http;

/// <summary>
/// An HTTP function answered the way the worker answers it: through the worker middleware in the order Program.cs
/// installs it, the function's <see cref="IResult"/> executed on the request's HttpContext once the middleware has
/// returned (as the ASP.NET Core integration does), then the response started as Kestrel starts it.
/// </summary>
internal static class WorkerPipeline
{
    public static async Task<TestResponse> RunAsync(TestApp app, HttpRequest request, Func<HttpRequest, Task<IResult>> function, string functionName = "HttpFunction")
    {
        var response = StartingResponseFeature.Install(request.HttpContext);
        var context = new TestFunctionContext(functionName, app.Services, request.HttpContext);
        var securityHeaders = app.Function<SecurityHeadersMiddleware>();
        var exceptions = app.Function<HttpExceptionMiddleware>();
        IResult? result = null;

        await securityHeaders.Invoke(context, c => exceptions.Invoke(c, async _ => result = await function(request)));
        if (result is not null)
        {
            await result.ExecuteAsync(request.HttpContext);
        }

        await response.StartAsync();
        return await TestResponse.ReadAsync(request.HttpContext.Response);
    }
}
