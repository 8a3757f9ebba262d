using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

public enum TokenStatus
{
    Valid,
    Malformed,
    /// <summary>Not made with a configured key: forged, altered or truncated.</summary>
    BadSignature,
    UnknownKey,
    Expired,
    /// <summary>A valid token whose purpose does not allow what was asked.</summary>
    WrongPurpose,
    /// <summary>A valid token of an older link generation: the member revoked their links since.</summary>
    Revoked,
    /// <summary>A valid token of a member who no longer exists, or (for most purposes) has not confirmed.</summary>
    NoMember,
}

/// <summary>What a verified token says: whose it is, what for, of which link generation, until when.</summary>
public sealed record MemberToken(string MemberId, TokenPurpose Purpose, int Generation, string? PollId, DateTimeOffset ExpiresAt);

public sealed record TokenVerification(TokenStatus Status, MemberToken? Token)
{
    public bool IsValid => Status == TokenStatus.Valid;

    public string? MemberId => Token?.MemberId;
}

/// <summary>
/// Opaque member tokens: <c>v2.&lt;keyId&gt;.base64url(nonce ‖ AES-256-GCM(payload) ‖ tag)</c>, so a link shows
/// neither the member id nor its purpose, and any change to it fails authentication. The payload holds the
/// purpose, the member id, the member's link generation, the expiry and, for <c>vote</c>, the poll. The
/// encryption key is derived (HKDF) from the configured key named in the token, so keys rotate as before.
/// Tokens of the first format (<c>base64url(v1|keyId|purpose|memberId|expires).HMAC</c>) are still read until they
/// expire, with their old <c>access</c> purpose narrowed to <see cref="TokenPurpose.LegacyAccess"/>. Whether the
/// member still exists and is still of that generation is for the caller (<see cref="MemberAccountService"/>).
/// </summary>
public sealed class MemberTokenService
{
    private const string Version = "v2";
    private const int MaxTokenLength = 512;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    // purpose (1) ‖ member id (16) ‖ generation (4) ‖ expiry in Unix seconds (8) ‖ poll id (16, vote only)
    private const int PayloadBytes = 1 + 16 + 4 + 8;
    private const int PollIdBytes = 16;

    private static readonly byte[] KeyInfo = Encoding.ASCII.GetBytes("CoP.Functions member tokens v2 AES-256-GCM");

    private readonly Dictionary<string, (byte[] Signing, byte[] Encryption)> _keys;
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
            k => KeyMaterial.TryDecode(k.Value, out var key)
                ? (key, HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt: null, info: KeyInfo))
                : throw new InvalidOperationException($"Tokens__Keys__{k.Key} is not base64."),
            StringComparer.Ordinal);
    }

    public static bool IsValidKeyId(string id) => id.Length is >= 1 and <= 16 && id.All(char.IsAsciiLetterOrDigit);

    public TimeSpan Lifetime(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.Confirm => _options.ConfirmLifetime,
        TokenPurpose.Vote => _options.VoteLifetime,
        TokenPurpose.Profile => _options.ProfileLifetime,
        TokenPurpose.Account => _options.AccountLifetime,
        TokenPurpose.Unsubscribe => _options.UnsubscribeLifetime,
        TokenPurpose.Calendar => _options.CalendarLifetime,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Tokens of this purpose are no longer issued."),
    };

    /// <summary>A token for the member's current link generation.</summary>
    public string Issue(MemberEntity member, TokenPurpose purpose, string? pollId = null)
    {
        ArgumentNullException.ThrowIfNull(member);
        return Issue(member.MemberId, member.LinkGeneration, purpose, pollId);
    }

    /// <summary>
    /// A token of <paramref name="purpose"/>; <paramref name="pollId"/> is required for, and only for, <see cref="TokenPurpose.Vote"/>.
    /// Its lifetime counts from <paramref name="issuedAt"/> when given (a moment the caller recorded), else from now.
    /// </summary>
    public string Issue(string memberId, int generation, TokenPurpose purpose, string? pollId = null, DateTimeOffset? issuedAt = null)
    {
        if (!MemberStore.IsValidMemberId(memberId))
        {
            throw new ArgumentException("A member id is 32 lowercase hexadecimal characters.", nameof(memberId));
        }

        if ((purpose == TokenPurpose.Vote) != (pollId is not null) || (pollId is not null && !IsHex32(pollId)))
        {
            throw new ArgumentException("A vote token names exactly one poll (32 hexadecimal characters); no other token names one.", nameof(pollId));
        }

        var expires = (issuedAt ?? _time.GetUtcNow()).Add(Lifetime(purpose)).ToUnixTimeSeconds();
        var payload = new byte[PayloadBytes + (pollId is null ? 0 : PollIdBytes)];
        payload[0] = (byte)purpose;
        Convert.FromHexString(memberId, payload.AsSpan(1, 16), out _, out _);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(17, 4), generation);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(21, 8), expires);
        if (pollId is not null)
        {
            Convert.FromHexString(pollId, payload.AsSpan(PayloadBytes, PollIdBytes), out _, out _);
        }

        var sealedBytes = new byte[NonceBytes + payload.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keys[_activeKey].Encryption, TagBytes))
        {
            aes.Encrypt(nonce, payload, sealedBytes.AsSpan(NonceBytes, payload.Length), sealedBytes.AsSpan(NonceBytes + payload.Length), AssociatedData(_activeKey));
        }

        return $"{Version}.{_activeKey}.{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <summary>Decrypts and checks a token: made with a configured key, unaltered, not expired. Purpose and generation are for the caller.</summary>
    public TokenVerification Verify(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return new(TokenStatus.Malformed, null);
        }

        var parts = token.Split('.');
        return parts.Length switch
        {
            3 when parts[0] == Version => VerifyCurrent(parts[1], parts[2]),
            2 => VerifyFirstFormat(parts[0], parts[1]),
            _ => new(TokenStatus.Malformed, null),
        };
    }

    private TokenVerification VerifyCurrent(string keyId, string body)
    {
        if (!TryDecode(body, out var sealedBytes) || sealedBytes.Length is not (NonceBytes + PayloadBytes + TagBytes) and not (NonceBytes + PayloadBytes + PollIdBytes + TagBytes))
        {
            return new(TokenStatus.Malformed, null);
        }

        if (!_keys.TryGetValue(keyId, out var key))
        {
            return new(TokenStatus.UnknownKey, null);
        }

        var payload = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key.Encryption, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, payload.Length), sealedBytes.AsSpan(NonceBytes + payload.Length), payload, AssociatedData(keyId));
        }
        catch (AuthenticationTagMismatchException)
        {
            return new(TokenStatus.BadSignature, null);
        }

        // Only a token we made gets this far, so its fields can be trusted from here on.
        var purpose = (TokenPurpose)payload[0];
        var memberId = Convert.ToHexStringLower(payload.AsSpan(1, 16));
        var generation = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(17, 4));
        var expires = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(21, 8));
        var pollId = payload.Length > PayloadBytes ? Convert.ToHexStringLower(payload.AsSpan(PayloadBytes, PollIdBytes)) : null;
        return Checked(new MemberToken(memberId, purpose, generation, pollId, DateTimeOffset.FromUnixTimeSeconds(expires)));
    }

    /// <summary>The first format: signed, not encrypted. Read until the last such link expires, never issued.</summary>
    private TokenVerification VerifyFirstFormat(string encodedPayload, string encodedMac)
    {
        if (!TryDecode(encodedPayload, out var payload) || !TryDecode(encodedMac, out var mac))
        {
            return new(TokenStatus.Malformed, null);
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 5 || parts[0] != "v1" || !MemberStore.IsValidMemberId(parts[3])
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return new(TokenStatus.Malformed, null);
        }

        if (!_keys.TryGetValue(parts[1], out var key))
        {
            return new(TokenStatus.UnknownKey, null);
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key.Signing, payload), mac))
        {
            return new(TokenStatus.BadSignature, null);
        }

        TokenPurpose? purpose = parts[2] switch
        {
            "confirm" => TokenPurpose.Confirm,
            "unsubscribe" => TokenPurpose.Unsubscribe,
            "access" => TokenPurpose.LegacyAccess,
            _ => null,
        };
        return purpose is { } known
            ? Checked(new MemberToken(parts[3], known, 0, null, DateTimeOffset.FromUnixTimeSeconds(expires)))
            : new(TokenStatus.Malformed, null);
    }

    private TokenVerification Checked(MemberToken token) =>
        _time.GetUtcNow() >= token.ExpiresAt ? new(TokenStatus.Expired, token) : new(TokenStatus.Valid, token);

    private static byte[] AssociatedData(string keyId) => Encoding.ASCII.GetBytes($"{Version}.{keyId}");

    private static bool IsHex32(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigitLower);

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}
