using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace CoP.Shared.Webhooks;

/// <summary>
/// Webhook signing secrets as Standard Webhooks writes them: <c>whsec_</c> and the base64 of 32 random bytes. The key
/// that signs IS those bytes (the base64 after the prefix, decoded), so the secret an operator is shown is exactly
/// what a receiver's Standard Webhooks library needs: no hidden derivation between what is shown and what signs.
/// </summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>The length of a new secret's key, in bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>A new secret from 32 cryptographically random bytes.</summary>
    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyLength));

    /// <summary>The signing key of <paramref name="secret"/>: the base64 after <c>whsec_</c>, decoded.</summary>
    public static byte[] KeyOf(string secret)
    {
        if (!TryKeyOf(secret, out var key))
        {
            throw new ArgumentException("Not a webhook secret (whsec_ and base64).", nameof(secret));
        }

        return key;
    }

    /// <summary>Whether <paramref name="secret"/> is a webhook secret with a key of 24 to 64 bytes.</summary>
    public static bool IsValid(string? secret) => TryKeyOf(secret, out _);

    private static bool TryKeyOf(string? secret, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > Prefix.Length + 88)
        {
            return false;
        }

        var buffer = new byte[64];
        if (!Convert.TryFromBase64String(secret[Prefix.Length..], buffer, out var written) || written is < 24 or > 64)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }
}
