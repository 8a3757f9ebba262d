using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CoP.Functions.Http;

/// <summary>
/// Reads a bounded JSON request body. Every way a client can get it wrong (media type, size, syntax,
/// types) ends in a 4xx problem result naming what is wrong, never in an exception.
/// </summary>
public static class JsonRequestBody
{
    public const int DefaultMaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    public static async Task<RequestBody<T>> ReadAsync<T>(HttpRequest request, int maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return new RequestBody<T>.Refused(Problems.UnsupportedMediaType("application/json"));
        }

        var bytes = await BoundedBody.ReadAsync(request, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return new RequestBody<T>.Refused(Problems.PayloadTooLarge(maxBytes));
        }

        if (bytes.Length == 0)
        {
            return new RequestBody<T>.Refused(Problems.Validation("body", "A JSON object is required."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, SerializerOptions);
            return value is null
                ? new RequestBody<T>.Refused(Problems.Validation("body", "A JSON object is required."))
                : new RequestBody<T>.Read(value);
        }
        catch (JsonException exception)
        {
            var field = FieldName(exception.Path);
            var message = exception.Path is null or "$" ? "The body is not valid JSON." : "The value has the wrong type or is malformed.";
            return new RequestBody<T>.Refused(Problems.Validation(field, message));
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || mediaType.MediaType.Value is not { } type)
        {
            return false;
        }

        var isJson = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = mediaType.Charset.Value;
        return isJson && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"$.options[2].label" becomes "options[2].label"; the root becomes "body".</summary>
    private static string FieldName(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}

/// <summary>A parsed request body, or the problem result that refuses it.</summary>
public abstract record RequestBody<T>
    where T : class
{
    private RequestBody()
    {
    }

    /// <summary>The body, parsed.</summary>
    public sealed record Read(T Value) : RequestBody<T>;

    /// <summary>The body could not be read: the 4xx answer.</summary>
    public sealed record Refused(IResult Problem) : RequestBody<T>;
}
