using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>
/// Reading the query string of listings: single-valued parameters, page sizes and continuation tokens.
/// Storage continuation tokens travel base64url-encoded, so clients pass them back unchanged in a URL.
/// </summary>
public static class QueryParameters
{
    private const string ContinuationMessage = "Pass the continuationToken of the previous page unchanged.";

    /// <summary>The trimmed value of a parameter given once; an error when it was given more than once.</summary>
    public static string? One(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        var values = request.Query[name];
        if (values.Count > 1)
        {
            errors[name] = ["Give this parameter once."];
        }

        return values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;
    }

    public static int PageSize(HttpRequest request, int defaultSize, int maxSize, Dictionary<string, string[]> errors)
    {
        if (One(request, "pageSize", errors) is not { } text)
        {
            return defaultSize;
        }

        if (!int.TryParse(text, out var size) || size < 1 || size > maxSize)
        {
            errors["pageSize"] = [$"Use a whole number from 1 to {maxSize}."];
        }

        return size;
    }

    /// <summary>The storage continuation token a client passed back, decoded; null for the first page.</summary>
    public static string? Continuation(HttpRequest request, Dictionary<string, string[]> errors)
    {
        if (One(request, "continuationToken", errors) is not { } encoded)
        {
            return null;
        }

        if (!Base64Url.IsValid(encoded) || encoded.Length > 2048)
        {
            errors["continuationToken"] = [ContinuationMessage];
            return null;
        }

        return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
    }

    public static string? EncodeContinuation(string? continuationToken) =>
        continuationToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(continuationToken));

    /// <summary>The answer when storage refuses a decoded token (well-formed base64, but not one it issued).</summary>
    public static IResult ContinuationRefused() => Problems.Validation("continuationToken", ContinuationMessage);
}
