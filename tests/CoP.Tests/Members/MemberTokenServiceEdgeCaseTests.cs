using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Members;

/// <summary>Member tokens at their edges: the exact expiry moment, lengths, ids and first-format tokens that only look right.</summary>
public sealed class MemberTokenServiceEdgeCaseTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture));
    private readonly string _memberId = MemberStore.NewMemberId();

    [Fact]
    public void TokenIsExpiredFromTheVeryMomentOfItsExpiry()
    {
        var tokens = Service();
        var token = tokens.Issue(_memberId, 0, TokenPurpose.Unsubscribe);

        _time.Advance(TimeSpan.FromDays(365) - TimeSpan.FromSeconds(1));
        Assert.Equal(TokenStatus.Valid, tokens.Verify(token).Status);

        _time.Advance(TimeSpan.FromSeconds(1));
        var expired = tokens.Verify(token);
        Assert.Equal(TokenStatus.Expired, expired.Status);
        Assert.False(expired.IsValid);
        Assert.Equal(_memberId, expired.MemberId);
    }

    [Fact]
    public void EachPurposeHasItsConfiguredLifetimeAndLegacyAccessIsNoLongerIssued()
    {
        var tokens = Service();

        Assert.Equal(TimeSpan.FromDays(7), tokens.Lifetime(TokenPurpose.Confirm));
        Assert.Equal(TimeSpan.FromDays(30), tokens.Lifetime(TokenPurpose.Vote));
        Assert.Equal(TimeSpan.FromDays(30), tokens.Lifetime(TokenPurpose.Profile));
        Assert.Equal(TimeSpan.FromHours(1), tokens.Lifetime(TokenPurpose.Account));
        Assert.Equal(TimeSpan.FromDays(365), tokens.Lifetime(TokenPurpose.Unsubscribe));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Lifetime(TokenPurpose.LegacyAccess));
    }

    [Fact]
    public void TheGenerationAndTheWholeMemberIdSurviveTheRoundTrip()
    {
        var token = Service().Issue(_memberId, int.MaxValue, TokenPurpose.Profile);

        var verified = Service().Verify(token).Token!;

        Assert.Equal(_memberId, verified.MemberId);
        Assert.Equal(int.MaxValue, verified.Generation);
        Assert.Null(verified.PollId);
        Assert.Equal(_time.GetUtcNow().AddDays(30), verified.ExpiresAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdefa")]
    public void IssueRefusesAMemberIdThatIsNot32LowercaseHexCharacters(string memberId)
    {
        Assert.Throws<ArgumentException>(() => Service().Issue(memberId, 0, TokenPurpose.Confirm));
    }

    [Theory]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    public void IssueRefusesAPollIdThatIsNot32LowercaseHexCharacters(string pollId)
    {
        Assert.Throws<ArgumentException>(() => Service().Issue(_memberId, 0, TokenPurpose.Vote, pollId));
    }

    [Fact]
    public void ATokenLongerThanTheLimitIsMalformedWithoutBeingRead()
    {
        var token = Service().Issue(_memberId, 0, TokenPurpose.Confirm);

        Assert.Equal(TokenStatus.Malformed, Service().Verify(token + new string('A', 513 - token.Length)).Status);
        Assert.Equal(TokenStatus.Malformed, Service().Verify(token.Replace("v2.", "v3.", StringComparison.Ordinal)).Status);
    }

    [Fact]
    public void TheServiceRefusesToStartWithAKeyThatIsNotBase64()
    {
        var options = new MemberTokenOptions { Keys = new() { ["k1"] = "not base64!" }, ActiveKey = "k1" };

        var error = Assert.Throws<InvalidOperationException>(() => new MemberTokenService(Options.Create(options), _time));

        Assert.Contains("Tokens__Keys__k1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k", true)]
    [InlineData("key2026a", true)]
    [InlineData("0123456789abcdef", true)]
    [InlineData("", false)]
    [InlineData("0123456789abcdefg", false)]
    [InlineData("key-1", false)]
    [InlineData("kéy", false)]
    public void KeyIdsAreOneToSixteenAsciiLettersOrDigits(string id, bool valid)
    {
        Assert.Equal(valid, MemberTokenService.IsValidKeyId(id));
    }

    public static TheoryData<string, string> FirstFormatPayloads() => new()
    {
        { "four fields", "v1|k1|access|{0}" },
        { "six fields", "v1|k1|access|{0}|{1}|x" },
        { "another version", "v0|k1|access|{0}|{1}" },
        { "a short member id", "v1|k1|access|0123|{1}" },
        { "a signed expiry", "v1|k1|access|{0}|+{1}" },
        { "a non-numeric expiry", "v1|k1|access|{0}|soon" },
    };

    [Theory]
    [MemberData(nameof(FirstFormatPayloads))]
    public void FirstFormatTokensWithABadPayloadAreMalformed(string name, string format)
    {
        var payload = string.Format(CultureInfo.InvariantCulture, format, _memberId, _time.GetUtcNow().AddDays(3).ToUnixTimeSeconds());

        Assert.True(Service().Verify(Signed(payload)).Status == TokenStatus.Malformed, name);
    }

    [Fact]
    public void FirstFormatTokensOfAnUnknownKeyOrWithAnEmptyPartAreRefused()
    {
        var expires = _time.GetUtcNow().AddDays(3).ToUnixTimeSeconds();
        var unknownKey = Signed($"v1|k9|access|{_memberId}|{expires}");
        var valid = Signed($"v1|k1|access|{_memberId}|{expires}");

        Assert.Equal(TokenStatus.UnknownKey, Service().Verify(unknownKey).Status);
        Assert.Equal(TokenStatus.Valid, Service().Verify(valid).Status);
        Assert.Equal(TokenStatus.Malformed, Service().Verify("." + valid.Split('.')[1]).Status);
        Assert.Equal(TokenStatus.Malformed, Service().Verify(valid.Split('.')[0] + ".").Status);
    }

    private static string Signed(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return $"{Base64Url.EncodeToString(bytes)}.{Base64Url.EncodeToString(HMACSHA256.HashData(Convert.FromBase64String(Key), bytes))}";
    }

    private MemberTokenService Service() =>
        new(Options.Create(new MemberTokenOptions { Keys = new() { ["k1"] = Key }, ActiveKey = "k1" }), _time);
}
