using System.Security.Cryptography;
using System.Text;
using CoP.Functions.Http;
using CoP.Shared.Events.Calendar;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CoP.Functions.Events.Calendar;

/// <summary>
/// How a calendar is answered: <c>text/calendar; charset=utf-8</c>, inline with a file name (so that a click opens the
/// calendar app, and a save keeps a sensible name), an ETag from its bytes and Last-Modified, and 304 when the client
/// already holds it (calendar apps poll feeds). Public calendars may be cached a short while; a personal one never.
/// </summary>
internal static class CalendarAnswers
{
    /// <summary>How long shared caches and calendar apps may keep a public calendar.</summary>
    public const string PublicCaching = "public, max-age=300";

    public static IResult Public(HttpRequest request, CalendarDocument document, string fileName) =>
        Answer(request, document, fileName, PublicCaching);

    public static IResult Personal(HttpRequest request, CalendarDocument document, string fileName) =>
        Answer(request, document, fileName, "no-store");

    private static IResult Answer(HttpRequest request, CalendarDocument document, string fileName, string caching)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(document.Ics);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"";
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = caching;
        headers.ETag = etag;
        headers.LastModified = HeaderUtilities.FormatDate(document.LastModified);
        if (EntityTags.ClientHolds(request, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        headers.ContentDisposition = $"inline; filename=\"{fileName}\"";
        return TypedResults.Bytes(bytes, EventCalendars.MediaType);
    }
}
