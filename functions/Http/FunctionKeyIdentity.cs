using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>
/// Which function key authorised an operator's request, for audit records. The host checks the key before the worker
/// runs and names it in a claim (<see cref="KeyIdClaim"/>, the key's name) of the identity it attaches to the request;
/// with ASP.NET Core integration that identity is not forwarded to the worker, so the name is used when a host passes it
/// and otherwise the key the client sent (header <c>x-functions-key</c> or query <c>code</c>) is recorded as a
/// fingerprint: the first 16 hex digits of its SHA-256. An operator finds the key's name by fingerprinting each key
/// (<c>printf %s "$KEY" | sha256sum | cut -c1-16</c>); the key itself is never stored or logged.
/// </summary>
public static class FunctionKeyIdentity
{
    public const string KeyIdClaim = "http://schemas.microsoft.com/2017/07/functions/claims/keyid";

    /// <summary><c>key:{name}</c>, <c>key-sha256:{fingerprint}</c>, or <c>unknown</c> (no key: a local run without keys).</summary>
    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HttpContext.User.FindFirst(KeyIdClaim)?.Value is { Length: > 0 } name)
        {
            return "key:" + name;
        }

        var key = request.Headers["x-functions-key"].FirstOrDefault() is { Length: > 0 } header ? header : request.Query["code"].FirstOrDefault();
        return string.IsNullOrEmpty(key) ? "unknown" : "key-sha256:" + Fingerprint(key);
    }

    public static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
