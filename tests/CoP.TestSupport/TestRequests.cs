using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CoP.TestSupport;

/// <summary>
/// Real ASP.NET Core requests (<see cref="DefaultHttpContext"/>) with real bodies, as the Functions host
/// hands them to an HTTP function in the ASP.NET Core integration.
/// </summary>
public static class TestRequests
{
    public static HttpRequest Empty(IServiceProvider services, string method, string pathAndQuery) =>
        Create(services, method, pathAndQuery, body: null, contentType: null);

    public static HttpRequest Json(IServiceProvider services, string method, string pathAndQuery, object body) =>
        Raw(services, method, pathAndQuery, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), "application/json");

    public static HttpRequest Raw(IServiceProvider services, string method, string pathAndQuery, string body, string? contentType) =>
        Create(services, method, pathAndQuery, Encoding.UTF8.GetBytes(body), contentType);

    public static HttpRequest Bytes(IServiceProvider services, string method, string pathAndQuery, byte[] body, string? contentType) =>
        Create(services, method, pathAndQuery, body, contentType);

    /// <summary>An HTML form post (<c>application/x-www-form-urlencoded</c>); repeat a key for several values.</summary>
    public static HttpRequest Form(IServiceProvider services, string method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return FromContent(services, method, pathAndQuery, content);
    }

    /// <summary>A <c>multipart/form-data</c> post with a generated boundary.</summary>
    public static HttpRequest Multipart(IServiceProvider services, string method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value, Encoding.UTF8), name);
        }

        return FromContent(services, method, pathAndQuery, content);
    }

    private static HttpRequest FromContent(IServiceProvider services, string method, string pathAndQuery, HttpContent content)
    {
        var bytes = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        return Create(services, method, pathAndQuery, bytes, content.Headers.ContentType?.ToString());
    }

    private static HttpRequest Create(IServiceProvider services, string method, string pathAndQuery, byte[]? body, string? contentType)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        // A documentation address (RFC 5737), as a connection from a client would have.
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.7");
        var request = context.Request;
        request.Method = method;
        request.Scheme = "https";
        request.Host = new HostString("cop.example.org");
        var queryStart = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        request.Path = queryStart < 0 ? pathAndQuery : pathAndQuery[..queryStart];
        request.QueryString = queryStart < 0 ? QueryString.Empty : new QueryString(pathAndQuery[queryStart..]);
        if (body is not null)
        {
            request.Body = new MemoryStream(body, writable: false);
            request.ContentLength = body.Length;
        }

        if (contentType is not null)
        {
            request.ContentType = contentType;
        }

        context.Response.Body = new MemoryStream();
        return request;
    }

    /// <summary>Adds a header and returns the request, for fluent set-up.</summary>
    public static HttpRequest WithHeader(this HttpRequest request, string name, string value)
    {
        request.Headers.Append(name, value);
        return request;
    }

    /// <summary>Sets Accept, e.g. text/html for a browser.</summary>
    public static HttpRequest Accepting(this HttpRequest request, string mediaType) =>
        request.WithHeader("Accept", new MediaTypeWithQualityHeaderValue(mediaType).ToString());
}
