using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CoP.Functions.Http;

/// <summary>
/// A bounded request body that is either JSON or an HTML form (urlencoded or multipart). Routes that serve
/// both browsers and scripts read their body through this, so size, media type and syntax are checked once.
/// </summary>
public abstract record FormOrJsonBody
{
    /// <summary>The most values a form may post unless its route says otherwise.</summary>
    public const int DefaultMaxValues = 64;

    private FormOrJsonBody()
    {
    }

    /// <summary>A JSON body's bounded bytes, not parsed yet.</summary>
    public sealed record Json(byte[] Bytes) : FormOrJsonBody;

    /// <summary>A parsed HTML form without files.</summary>
    public sealed record Form(IFormCollection Fields) : FormOrJsonBody;

    /// <summary>The body could not be read: the 4xx answer.</summary>
    public sealed record Refused(IResult Problem) : FormOrJsonBody;

    public static Task<FormOrJsonBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken) =>
        ReadAsync(request, maxBytes, DefaultMaxValues, cancellationToken);

    /// <summary>As above, for a form of more than the usual 64 values (one with many boxes to tick).</summary>
    public static async Task<FormOrJsonBody> ReadAsync(HttpRequest request, int maxBytes, int maxValues, CancellationToken cancellationToken)
    {
        var kind = Kind(request.ContentType);
        if (kind == BodyKind.Unsupported)
        {
            return new Refused(Problems.UnsupportedMediaType("application/json, application/x-www-form-urlencoded or multipart/form-data"));
        }

        var bytes = await BoundedBody.ReadAsync(request, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return new Refused(Problems.PayloadTooLarge(maxBytes));
        }

        if (kind == BodyKind.Json)
        {
            return new Json(bytes);
        }

        // Parse the bounded copy, never the live stream; form limits keep a crafted multipart body small.
        request.Body = new MemoryStream(bytes, writable: false);
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            ValueCountLimit = maxValues,
            KeyLengthLimit = 64,
            ValueLengthLimit = maxBytes,
            MultipartBodyLengthLimit = maxBytes,
            MultipartHeadersCountLimit = 8,
            MultipartHeadersLengthLimit = 2048,
        }));
        try
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form.Files.Count > 0
                ? new Refused(Problems.Validation("body", "Files cannot be sent to this route."))
                : new Form(form);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or FormatException or InvalidOperationException)
        {
            return new Refused(Problems.Validation("body", "The form data is malformed."));
        }
    }

    /// <summary>True for a browser's form post that wants an HTML answer.</summary>
    public static bool IsBrowserFormPost(HttpRequest request) =>
        Kind(request.ContentType) == BodyKind.Form && AcceptsHtml(request);

    public static bool AcceptsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>The single value of a form field; an error when it was sent more than once.</summary>
    public static string? OneValue(IFormCollection form, string field, FieldErrors errors)
    {
        if (!form.TryGetValue(field, out StringValues values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            errors.Add(field, "Send this field once.");
            return null;
        }

        return values[0];
    }

    /// <summary>A checkbox or boolean field: on/true/1/yes, off/false/0/no/empty; null when absent.</summary>
    public static bool? Flag(IFormCollection form, string field, FieldErrors errors)
    {
        var value = OneValue(form, field, errors)?.Trim().ToLowerInvariant();
        switch (value)
        {
            case null:
                return null;
            case "on" or "true" or "1" or "yes":
                return true;
            case "off" or "false" or "0" or "no" or "":
                return false;
            default:
                errors.Add(field, "Use true or false.");
                return null;
        }
    }

    private static BodyKind Kind(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || mediaType.MediaType.Value is not { } type)
        {
            return BodyKind.Unsupported;
        }

        var charset = mediaType.Charset.Value;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return BodyKind.Unsupported;
        }

        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return BodyKind.Json;
        }

        return type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? BodyKind.Form
            : BodyKind.Unsupported;
    }

    private enum BodyKind
    {
        Unsupported,
        Json,
        Form,
    }
}
