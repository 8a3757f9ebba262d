using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CoP.TestSupport;

/// <summary>What a client would receive: the result executed against the request's real response.</summary>
public sealed record TestResponse(int Status, IHeaderDictionary Headers, string Body)
{
    public string? ContentType => Headers.ContentType.ToString() is { Length: > 0 } value ? value : null;

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>Executes an <see cref="IResult"/> the way the Functions ASP.NET Core integration does.</summary>
    public static async Task<TestResponse> ExecuteAsync(IResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteAsync(context);
        return await ReadAsync(context.Response);
    }

    /// <summary>
    /// Reads a response that something (a middleware, say) wrote directly, and hands it to the <see cref="IAnswerCheck"/>
    /// of the request's services, if there is one.
    /// </summary>
    public static Task<TestResponse> ReadAsync(HttpResponse response)
    {
        var body = response.Body;
        body.Position = 0;
        using var reader = new StreamReader(body, Encoding.UTF8, leaveOpen: true);
        var text = reader.ReadToEnd();
        var read = new TestResponse(response.StatusCode, response.Headers, text);
        (response.HttpContext.RequestServices?.GetService(typeof(IAnswerCheck)) as IAnswerCheck)?.Check(response.HttpContext.Request, read);
        return Task.FromResult(read);
    }
}
