using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CoP.Shared.Webhooks;

/// <summary>
/// Signs a delivery by the Standard Webhooks scheme: HMAC-SHA256, keyed by each secret's key, over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, written as <c>v1,</c> and the base64 of the MAC; with several secrets
/// (during a rotation) the signatures are separated by spaces, the current secret's first. Our own code, small enough
/// to read; the tests check it against an independent implementation and the test vector in WEBHOOKS.md.
/// </summary>
public static class WebhookSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The <c>webhook-signature</c> value of <paramref name="body"/> sent as <paramref name="webhookId"/> at <paramref name="timestamp"/>.</summary>
    public static string Sign(string webhookId, long timestamp, string body, IEnumerable<string> secrets)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(secrets);
        var content = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        var signatures = secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecret.KeyOf(secret), content))).ToList();
        if (signatures.Count == 0)
        {
            throw new ArgumentException("At least one secret signs.", nameof(secrets));
        }

        return string.Join(' ', signatures);
    }

    /// <summary>The three Standard Webhooks headers of a delivery, in the order they are sent.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(string webhookId, DateTimeOffset sentAt, string body, IEnumerable<string> secrets)
    {
        var timestamp = sentAt.ToUnixTimeSeconds();
        return
        [
            new(IdHeader, webhookId),
            new(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture)),
            new(SignatureHeader, Sign(webhookId, timestamp, body, secrets)),
        ];
    }
}
