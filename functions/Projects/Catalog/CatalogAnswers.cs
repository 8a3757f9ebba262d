using CoP.Functions.Http;
using CoP.Shared.Projects.Catalog;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Projects.Catalog;

/// <summary>
/// How the catalog's documents are answered: the bytes with their ETag, 304 for a client that holds them, and caching
/// that always asks again (an approval shows at once) but costs nothing when nothing changed.
/// </summary>
internal static class CatalogAnswers
{
    /// <summary>Shared caches and browsers may keep the answer but must check it with its ETag before each use.</summary>
    public const string Caching = "public, no-cache";

    /// <summary>Titles follow the language: <c>lang</c> in the query, the language cookie, or Accept-Language.</summary>
    public const string VaryByLanguage = "Accept-Language, Cookie";

    public static IResult Document(HttpRequest request, ProjectDocument document, string mediaType)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = Caching;
        headers.Vary = VaryByLanguage;
        headers.ETag = document.ETag;
        return EntityTags.ClientHolds(request, document.ETag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(document.Body, mediaType);
    }
}
