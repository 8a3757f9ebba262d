using System.Buffers.Text;
using System.Text;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>
/// Reading the query string of listings: single-valued parameters, page sizes and continuation tokens.
/// Storage continuation tokens travel base64url-encoded, so clients pass them back unchanged in a URL.
/// Each reader records its error under the parameter's name, in a <see cref="FieldErrors"/>.
/// </summary>
public static class QueryParameters
{
    private const string ContinuationMessage = "Pass the continuationToken of the previous page unchanged.";

    /// <summary>The trimmed value of a parameter given once; an error when it was given more than once.</summary>
    public static string? One(HttpRequest request, string name, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var value = One(request, name, out var error);
        errors.AddIf(name, error);
        return value;
    }

    public static int PageSize(HttpRequest request, int defaultSize, int maxSize, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var size = PageSize(request, defaultSize, maxSize, out var error);
        errors.AddIf("pageSize", error);
        return size;
    }

    /// <summary>The storage continuation token a client passed back, decoded; null for the first page.</summary>
    public static string? Continuation(HttpRequest request, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var token = Continuation(request, out var error);
        errors.AddIf("continuationToken", error);
        return token;
    }

    public static string? EncodeContinuation(string? continuationToken) =>
        continuationToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(continuationToken));

    /// <summary>The answer when storage refuses a decoded token (well-formed base64, but not one it issued).</summary>
    public static IResult ContinuationRefused() => Problems.Validation("continuationToken", ContinuationMessage);

    private static string? One(HttpRequest request, string name, out string? error)
    {
        var values = request.Query[name];
        error = values.Count > 1 ? "Give this parameter once." : null;
        return values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;
    }

    private static int PageSize(HttpRequest request, int defaultSize, int maxSize, out string? error)
    {
        if (One(request, "pageSize", out error) is not { } text)
        {
            return defaultSize;
        }

        if (!int.TryParse(text, out var size) || size < 1 || size > maxSize)
        {
            error = $"Use a whole number from 1 to {maxSize}.";
        }

        return size;
    }

    private static string? Continuation(HttpRequest request, out string? error)
    {
        if (One(request, "continuationToken", out error) is not { } encoded)
        {
            return null;
        }

        if (!Base64Url.IsValid(encoded) || encoded.Length > 2048)
        {
            error = ContinuationMessage;
            return null;
        }

        return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
    }
}
