using System.Security.Cryptography;
using System.Text;

namespace CoP.Shared.Email;

/// <summary>
/// A short, stable stand-in for an email address in logs: enough to correlate the lines about one recipient,
/// never the address itself.
/// </summary>
public static class EmailAddressHash
{
    /// <summary>The first 12 hex characters of the SHA-256 of the trimmed, lower-cased address.</summary>
    public static string Of(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant()));
        return Convert.ToHexStringLower(digest)[..12];
    }
}
