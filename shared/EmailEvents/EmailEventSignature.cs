using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CoP.Shared.EmailEvents;

/// <summary>Why a post to the webhook was or was not taken for SendGrid's.</summary>
public enum SignatureCheck
{
    Valid,

    /// <summary>No verification key is configured: nothing can be trusted.</summary>
    NotConfigured,

    /// <summary>A signature or timestamp header is missing or malformed.</summary>
    MissingHeaders,

    /// <summary>The signed timestamp is further from now than <see cref="EmailEventOptions.MaxAge"/>: a replay or a skewed clock.</summary>
    OutsideMaxAge,

    /// <summary>The signature does not match the timestamp and body under the configured key.</summary>
    BadSignature,
}

/// <summary>
/// Verifies SendGrid's Signed Event Webhook: an ECDSA P-256 / SHA-256 signature (base64 DER, header
/// <see cref="SignatureHeader"/>) over the UTF-8 timestamp (header <see cref="TimestampHeader"/>, Unix seconds)
/// followed by the raw request body, exactly as received.
/// </summary>
public sealed class EmailEventSignature
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    /// <summary>A DER ECDSA P-256 signature is at most 72 bytes; anything much longer is not one.</summary>
    private const int MaxSignatureLength = 256;

    private readonly byte[]? _publicKey;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _time;

    public EmailEventSignature(IOptions<EmailEventOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _publicKey = EmailEventOptions.ReadPublicKey(options.Value.PublicKey);
        _maxAge = options.Value.MaxAge;
        _time = time;
    }

    public bool IsConfigured => _publicKey is not null;

    public SignatureCheck Check(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (_publicKey is null)
        {
            return SignatureCheck.NotConfigured;
        }

        if (string.IsNullOrEmpty(timestamp) || timestamp.Length > 19 || !timestamp.All(char.IsAsciiDigit)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || string.IsNullOrEmpty(signature) || signature.Length > MaxSignatureLength)
        {
            return SignatureCheck.MissingHeaders;
        }

        var signatureBytes = new byte[signature.Length];
        if (!Convert.TryFromBase64String(signature, signatureBytes, out var signatureLength))
        {
            return SignatureCheck.MissingHeaders;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs((double)seconds - now) > _maxAge.TotalSeconds)
        {
            return SignatureCheck.OutsideMaxAge;
        }

        var signed = new byte[timestamp.Length + body.Length];
        Encoding.UTF8.GetBytes(timestamp, signed);
        body.CopyTo(signed.AsSpan(timestamp.Length));

        // A key object per check: ECDsa instances are not documented as safe for concurrent use, and importing
        // 91 bytes costs microseconds.
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_publicKey, out _);
        return key.VerifyData(signed, signatureBytes.AsSpan(0, signatureLength), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            ? SignatureCheck.Valid
            : SignatureCheck.BadSignature;
    }
}
