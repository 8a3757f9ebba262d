using CoP.Shared.Members;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Members;

public sealed class MemberTokenServiceTests
{
    private static readonly string KeyOne = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyTwo = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly string _memberId = MemberStore.NewMemberId();

    [Fact]
    public void TokenVerifiesForItsPurposeWhenFresh()
    {
        var tokens = Service(("k1", KeyOne));

        var verification = tokens.Verify(tokens.Issue(_memberId, TokenPurpose.Access), TokenPurpose.Access);

        Assert.True(verification.IsValid);
        Assert.Equal(_memberId, verification.MemberId);
    }

    [Fact]
    public void TokenIsRefusedForAnotherPurpose()
    {
        var tokens = Service(("k1", KeyOne));

        Assert.Equal(TokenStatus.WrongPurpose, tokens.Verify(tokens.Issue(_memberId, TokenPurpose.Unsubscribe), TokenPurpose.Access).Status);
    }

    [Fact]
    public void TokenExpiresAfterItsLifetime()
    {
        var tokens = Service(("k1", KeyOne));
        var token = tokens.Issue(_memberId, TokenPurpose.Access);

        _time.Advance(TimeSpan.FromDays(30));

        Assert.Equal(TokenStatus.Expired, tokens.Verify(token, TokenPurpose.Access).Status);
    }

    [Fact]
    public void TokenSignedWithARotatedOutKeyStillVerifiesWhileTheKeyIsConfigured()
    {
        var old = Service(("k1", KeyOne)).Issue(_memberId, TokenPurpose.Access);
        var rotated = Service(("k1", KeyOne), ("k2", KeyTwo));

        Assert.True(rotated.Verify(old, TokenPurpose.Access).IsValid);
        Assert.StartsWith("djF8azJ8", rotated.Issue(_memberId, TokenPurpose.Access), StringComparison.Ordinal); // "v1|k2|"
    }

    [Fact]
    public void TokenOfARemovedKeyIsRefused()
    {
        var old = Service(("k1", KeyOne)).Issue(_memberId, TokenPurpose.Access);

        Assert.Equal(TokenStatus.UnknownKey, Service(("k2", KeyTwo)).Verify(old, TokenPurpose.Access).Status);
    }

    [Fact]
    public void TokenWithAChangedPayloadIsRefused()
    {
        var tokens = Service(("k1", KeyOne));
        var token = tokens.Issue(_memberId, TokenPurpose.Access);
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0]));
        var changed = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.Replace(_memberId, MemberStore.NewMemberId(), StringComparison.Ordinal)));

        Assert.Equal(TokenStatus.BadSignature, tokens.Verify($"{changed}.{token.Split('.')[1]}", TokenPurpose.Access).Status);
    }

    [Fact]
    public void TokenSignedWithAnotherSecretUnderTheSameKeyIdIsRefused()
    {
        var foreign = Service(("k1", KeyTwo)).Issue(_memberId, TokenPurpose.Access);

        Assert.Equal(TokenStatus.BadSignature, Service(("k1", KeyOne)).Verify(foreign, TokenPurpose.Access).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.def.ghi")]
    [InlineData("%%%.%%%")]
    public void MalformedTokenIsRefused(string? token)
    {
        Assert.Equal(TokenStatus.Malformed, Service(("k1", KeyOne)).Verify(token, TokenPurpose.Access).Status);
    }

    private MemberTokenService Service(params (string Id, string Key)[] keys) =>
        new(Options.Create(new MemberTokenOptions { Keys = keys.ToDictionary(k => k.Id, k => k.Key), ActiveKey = keys[^1].Id }), _time);
}
