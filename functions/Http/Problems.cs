using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>The RFC 9457 problem-details answers the functions give, in one place so they stay uniform.</summary>
public static class Problems
{
    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");

    public static IResult UnsupportedMediaType(string expected) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type.",
            detail: $"Send the body as {expected}.");

    public static IResult PayloadTooLarge(int maxBytes) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The request body is too large.",
            detail: $"The body may be at most {maxBytes} bytes.");

    public static IResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: what);

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflicting change.", detail: detail);

    /// <summary>428: a change that must name the version it replaces came without <c>If-Match</c>.</summary>
    public static IResult PreconditionRequired(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.", detail: detail);

    /// <summary>412: the version named in <c>If-Match</c> is not the current one.</summary>
    public static IResult PreconditionFailed(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The resource has changed.", detail: detail);

    /// <summary>502: a service the function depends on gave no usable answer.</summary>
    public static IResult BadGateway(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The upstream service did not answer.", detail: detail);

    public static IResult ServiceUnavailable(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The service is unavailable.",
            detail: detail,
            extensions: extensions);

    /// <summary>
    /// 429 with <c>Retry-After</c> in whole seconds (rounded up, at least 1). The same words whichever limit refused the
    /// request and whoever asked, so the answer tells nothing about anyone else's requests.
    /// </summary>
    public static IResult TooManyRequests(TimeSpan retryAfter) =>
        new RetryAfterResult(
            TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests.",
                detail: "Too many requests came from here or for this service. Try again after the time in Retry-After."),
            RetryAfterSeconds(retryAfter));

    internal static long RetryAfterSeconds(TimeSpan retryAfter) =>
        retryAfter <= TimeSpan.FromSeconds(1) ? 1 : (long)Math.Ceiling(retryAfter.TotalSeconds);

    /// <summary>A result that sets <c>Retry-After</c> and then answers as <paramref name="problem"/>.</summary>
    private sealed class RetryAfterResult(IResult problem, long seconds) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (problem as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }
}
