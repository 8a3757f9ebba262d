using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

public enum TokenPurpose
{
    Confirm,
    Access,
    Unsubscribe,
}

public enum TokenStatus
{
    Valid,
    Malformed,
    BadSignature,
    UnknownKey,
    WrongPurpose,
    Expired,
}

public sealed record TokenVerification(TokenStatus Status, string? MemberId)
{
    public bool IsValid => Status == TokenStatus.Valid;
}

/// <summary>
/// Signed, purpose-bound, expiring member tokens: <c>base64url(payload).base64url(HMAC-SHA256(key, payload))</c>
/// with payload <c>v1|keyId|purpose|memberId|expiresUnixSeconds</c>. HMAC from the BCL, compared in
/// constant time. Whether the member may still use it (exists, confirmed) is for the caller to check.
/// </summary>
public sealed class MemberTokenService
{
    private const string Version = "v1";
    private const int MaxTokenLength = 512;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKey;
    private readonly MemberTokenOptions _options;
    private readonly TimeProvider _time;

    public MemberTokenService(IOptions<MemberTokenOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _activeKey = _options.ActiveKey;
        _keys = _options.Keys.ToDictionary(
            k => k.Key,
            k => KeyMaterial.TryDecode(k.Value, out var key) ? key : throw new InvalidOperationException($"Tokens__Keys__{k.Key} is not base64."),
            StringComparer.Ordinal);
    }

    public static bool IsValidKeyId(string id) => id.Length is >= 1 and <= 16 && id.All(char.IsAsciiLetterOrDigit);

    public TimeSpan Lifetime(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.Confirm => _options.ConfirmLifetime,
        TokenPurpose.Access => _options.AccessLifetime,
        _ => _options.UnsubscribeLifetime,
    };

    public string Issue(string memberId, TokenPurpose purpose)
    {
        var expires = _time.GetUtcNow().Add(Lifetime(purpose)).ToUnixTimeSeconds();
        var payload = Encoding.UTF8.GetBytes(string.Join('|', Version, _activeKey, Name(purpose), memberId, expires.ToString(CultureInfo.InvariantCulture)));
        var mac = HMACSHA256.HashData(_keys[_activeKey], payload);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(mac)}";
    }

    public TokenVerification Verify(string? token, TokenPurpose expectedPurpose)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return new(TokenStatus.Malformed, null);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryDecode(token[..dot], out var payload) || !TryDecode(token[(dot + 1)..], out var mac))
        {
            return new(TokenStatus.Malformed, null);
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 5 || parts[0] != Version
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return new(TokenStatus.Malformed, null);
        }

        if (!_keys.TryGetValue(parts[1], out var key))
        {
            return new(TokenStatus.UnknownKey, null);
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac))
        {
            return new(TokenStatus.BadSignature, null);
        }

        // Only a token we signed gets this far, so its fields can be trusted from here on.
        if (parts[2] != Name(expectedPurpose))
        {
            return new(TokenStatus.WrongPurpose, null);
        }

        return _time.GetUtcNow().ToUnixTimeSeconds() >= expires
            ? new(TokenStatus.Expired, parts[3])
            : new(TokenStatus.Valid, parts[3]);
    }

    private static string Name(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.Confirm => "confirm",
        TokenPurpose.Access => "access",
        _ => "unsubscribe",
    };

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}
