using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.OpenApi;

/// <summary>
/// GET /api/openapi.json: the OpenAPI 3.1 document of every HTTP function (functions/openapi.json, embedded in this
/// assembly). It changes only with a release, so caches may keep it for an hour.
/// </summary>
public sealed class GetOpenApiDocumentFunction
{
    private static readonly Lazy<byte[]> Document = new(Read);

    [Function(nameof(GetOpenApiDocument))]
    public IResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Bytes(Document.Value, "application/json");
    }

    /// <summary>The embedded document's bytes.</summary>
    public static byte[] Read()
    {
        using var stream = typeof(GetOpenApiDocumentFunction).Assembly.GetManifestResourceStream("openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded in the functions assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
