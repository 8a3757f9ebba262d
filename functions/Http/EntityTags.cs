using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>Conditional GETs: whether the client already holds the representation with a given ETag.</summary>
public static class EntityTags
{
    /// <summary>
    /// Whether <c>If-None-Match</c> names <paramref name="etag"/> (strong or weak, as the weak comparison of RFC 9110
    /// allows for GET) or is <c>*</c>: the answer is then 304 Not Modified.
    /// </summary>
    public static bool ClientHolds(HttpRequest request, string etag)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.IfNoneMatch.Any(value => value is not null
            && value.Split(',').Any(tag => tag.Trim() is var t && (t == etag || t == "W/" + etag || t == "*")));
    }
}
