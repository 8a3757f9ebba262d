using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CoP.Shared.EmailEvents;

/// <summary>
/// Settings of the SendGrid Event Webhook receiver (section <c>EmailEvents</c>, app settings <c>EmailEvents__*</c>).
/// Without a public key the webhook is not configured: every post is refused and the newsletter sender cannot
/// count on events to settle batches of unknown outcome.
/// </summary>
public sealed class EmailEventOptions
{
    public const string SectionName = "EmailEvents";

    public const int DefaultMaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The Signed Event Webhook's verification key as SendGrid shows it: base64 of the DER SubjectPublicKeyInfo of
    /// an ECDSA P-256 key. Not a secret. Empty: the webhook is not configured.
    /// </summary>
    public string? PublicKey { get; set; }

    /// <summary>A signed timestamp older than this, or further than this in the future, is refused (replays, clock skew).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Soft bounces (SendGrid <c>blocked</c>) after which the newsletter stops going to the member.</summary>
    public int SoftBounceLimit { get; set; } = 3;

    /// <summary>The largest request body read; larger posts are answered 413.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(PublicKey);

    /// <summary>The key's DER bytes, or null when it is not base64 of a P-256 SubjectPublicKeyInfo.</summary>
    internal static byte[]? ReadPublicKey(string? publicKey)
    {
        if (string.IsNullOrWhiteSpace(publicKey))
        {
            return null;
        }

        var buffer = new byte[publicKey.Length];
        if (!Convert.TryFromBase64String(publicKey.Trim(), buffer, out var length))
        {
            return null;
        }

        var der = buffer[..length];
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(der, out var read);
            var curve = key.ExportParameters(includePrivateParameters: false).Curve;
            return read == der.Length && curve.IsNamed && curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value ? der : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>Fails start-up with a message that names the app setting to fix.</summary>
public sealed class EmailEventOptionsValidator : IValidateOptions<EmailEventOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailEventOptions options)
    {
        var failures = new List<string>();
        if (options.IsConfigured && EmailEventOptions.ReadPublicKey(options.PublicKey) is null)
        {
            failures.Add(
                "EmailEvents__PublicKey must be empty (webhook not configured) or the Signed Event Webhook's verification key "
                + "as SendGrid shows it: base64 of an ECDSA P-256 public key (it starts with MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE).");
        }

        if (options.MaxAge < TimeSpan.FromSeconds(30) || options.MaxAge > TimeSpan.FromHours(1))
        {
            failures.Add("EmailEvents__MaxAge must be between 00:00:30 and 01:00:00.");
        }

        if (options.SoftBounceLimit is < 1 or > 100)
        {
            failures.Add("EmailEvents__SoftBounceLimit must be between 1 and 100.");
        }

        if (options.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add("EmailEvents__MaxBodyBytes must be between 1024 and 67108864 (64 MiB).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
