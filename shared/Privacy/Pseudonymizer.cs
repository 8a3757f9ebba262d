using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Privacy;

/// <summary>
/// Keyed hashes (HMAC-SHA256 with <see cref="PrivacyOptions.HashKey"/>) that let the app find or correlate
/// personal data without storing or logging it: an email's lookup key, an IP's consent-record hash, a
/// short tag for logs. Keyed, so a leaked table cannot be reversed with a dictionary of addresses.
/// </summary>
public sealed class Pseudonymizer
{
    private readonly byte[] _key;

    public Pseudonymizer(IOptions<PrivacyOptions> options)
    {
        if (!KeyMaterial.TryDecode(options.Value.HashKey, out _key))
        {
            throw new InvalidOperationException("Privacy__HashKey is not a base64 key.");
        }
    }

    /// <summary>The lookup key of a normalised email address (64 hex characters, valid as a PartitionKey).</summary>
    public string EmailKey(string normalizedEmail) => Hash("email", normalizedEmail, 32);

    /// <summary>A short tag for an email address in logs: correlates lines without revealing the address.</summary>
    public string EmailTag(string normalizedEmail) => Hash("email-log", normalizedEmail, 6);

    /// <summary>The hash of a client IP address kept in consent records (empty when unknown).</summary>
    public string IpHash(IPAddress? address) => address is null ? "" : Hash("ip", address.MapToIPv6().ToString(), 16);

    /// <summary>A keyed hash for other purposes (e.g. anonymous ballot keys), separated by purpose.</summary>
    public string Hash(string purpose, string value, int bytes)
    {
        var data = Encoding.UTF8.GetBytes($"{purpose}\n{value}");
        var mac = HMACSHA256.HashData(_key, data);
        return Convert.ToHexStringLower(mac.AsSpan(0, bytes));
    }
}
