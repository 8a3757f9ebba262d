using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Http.Assets;

/// <summary>
/// GET /api/assets/{fileName}: one of the files the pages load from the app (<see cref="PageAssets"/>), kept by
/// browsers and caches for a year (its name changes with its version); 404 for any other name.
/// </summary>
public sealed class GetPageAssetFunction
{
    [Function(nameof(GetPageAsset))]
    public IResult GetPageAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{fileName}")] HttpRequest request,
        string fileName)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (PageAssets.Find(fileName) is not { } asset)
        {
            return Problems.NotFound("There is no such asset.");
        }

        request.HttpContext.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
