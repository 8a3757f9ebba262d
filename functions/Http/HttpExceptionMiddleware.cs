using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace CoP.Functions.Http;

/// <summary>
/// Turns an unexpected exception in an HTTP function into a 500 problem-details response without
/// internals, and logs it. Exceptions of other triggers escape, so the platform's retries and poison
/// handling see them.
/// </summary>
public sealed partial class HttpExceptionMiddleware(ILogger<HttpExceptionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { Response.HasStarted: false } httpContext)
        {
            LogUnhandled(logger, exception, context.FunctionDefinition.Name, context.InvocationId);
            await WriteProblemAsync(httpContext, context.InvocationId);
        }
    }

    private static async Task WriteProblemAsync(HttpContext httpContext, string invocationId)
    {
        var response = httpContext.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status500InternalServerError;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred.",
            Detail = "The request could not be completed. Try again later; if it keeps failing, contact the operators with the trace id.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        };
        problem.Extensions["traceId"] = invocationId;
        await response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Function {FunctionName} failed unexpectedly (invocation {InvocationId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string functionName, string invocationId);
}
