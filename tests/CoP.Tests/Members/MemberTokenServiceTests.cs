using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Members;

public sealed class MemberTokenServiceTests
{
    private static readonly string KeyOne = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyTwo = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture));
    private readonly string _memberId = MemberStore.NewMemberId();
    private readonly string _pollId = Guid.NewGuid().ToString("N");

    [Theory]
    [InlineData(TokenPurpose.Confirm)]
    [InlineData(TokenPurpose.Profile)]
    [InlineData(TokenPurpose.Account)]
    [InlineData(TokenPurpose.Unsubscribe)]
    public void TokenCarriesItsMemberPurposeAndGenerationWhenFresh(TokenPurpose purpose)
    {
        var tokens = Service(("k1", KeyOne));

        var verification = tokens.Verify(tokens.Issue(_memberId, 7, purpose));

        Assert.Equal(TokenStatus.Valid, verification.Status);
        Assert.Equal(new MemberToken(_memberId, purpose, 7, null, _time.GetUtcNow().Add(tokens.Lifetime(purpose))), verification.Token);
    }

    [Fact]
    public void VoteTokenNamesItsPoll()
    {
        var tokens = Service(("k1", KeyOne));

        var token = tokens.Verify(tokens.Issue(_memberId, 0, TokenPurpose.Vote, _pollId)).Token!;

        Assert.Equal((TokenPurpose.Vote, _pollId), (token.Purpose, token.PollId));
    }

    [Fact]
    public void IssueRefusesAVoteTokenWithoutAPollAndAPollOnAnyOtherToken()
    {
        var tokens = Service(("k1", KeyOne));

        Assert.Throws<ArgumentException>(() => tokens.Issue(_memberId, 0, TokenPurpose.Vote));
        Assert.Throws<ArgumentException>(() => tokens.Issue(_memberId, 0, TokenPurpose.Profile, _pollId));
        Assert.Throws<ArgumentException>(() => tokens.Issue(_memberId, 0, TokenPurpose.Vote, "not-a-poll"));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Issue(_memberId, 0, TokenPurpose.LegacyAccess));
    }

    [Fact]
    public void TokenShowsNeitherTheMemberIdNorThePurpose()
    {
        var tokens = Service(("k1", KeyOne));
        var first = tokens.Issue(_memberId, 0, TokenPurpose.Account);
        var second = tokens.Issue(_memberId, 0, TokenPurpose.Account);

        var decoded = Base64Url.DecodeFromChars(first.Split('.')[2]);

        Assert.DoesNotContain(_memberId, first, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_memberId, Convert.ToHexStringLower(decoded), StringComparison.Ordinal);
        Assert.DoesNotContain(_memberId[..8], Encoding.Latin1.GetString(decoded), StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(first, second); // a fresh nonce each time: two links cannot be linked to one member
        Assert.StartsWith("v2.k1.", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TokenPurpose.Account, 1)]
    [InlineData(TokenPurpose.Profile, 30 * 24)]
    [InlineData(TokenPurpose.Vote, 30 * 24)]
    [InlineData(TokenPurpose.Confirm, 7 * 24)]
    public void TokenExpiresAfterItsLifetime(TokenPurpose purpose, int hours)
    {
        var tokens = Service(("k1", KeyOne));
        var token = tokens.Issue(_memberId, 0, purpose, purpose == TokenPurpose.Vote ? _pollId : null);

        _time.Advance(TimeSpan.FromHours(hours) - TimeSpan.FromSeconds(1));
        Assert.Equal(TokenStatus.Valid, tokens.Verify(token).Status);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TokenStatus.Expired, tokens.Verify(token).Status);
    }

    [Fact]
    public void TokenIssuedForARecordedMomentExpiresALifetimeAfterThatMoment()
    {
        // A retried delivery composes the confirmation again later; its link still counts from the recorded send.
        var tokens = Service(("k1", KeyOne));
        var sentAt = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromHours(5));

        var token = tokens.Issue(_memberId, 0, TokenPurpose.Confirm, issuedAt: sentAt);

        Assert.Equal(sentAt + tokens.Lifetime(TokenPurpose.Confirm), tokens.Verify(token).Token!.ExpiresAt);
        _time.SetUtcNow(sentAt + tokens.Lifetime(TokenPurpose.Confirm));
        Assert.Equal(TokenStatus.Expired, tokens.Verify(token).Status);
    }

    [Fact]
    public void TokenOfARotatedOutKeyStillVerifiesWhileTheKeyIsConfigured()
    {
        var old = Service(("k1", KeyOne)).Issue(_memberId, 0, TokenPurpose.Profile);
        var rotated = Service(("k1", KeyOne), ("k2", KeyTwo));

        Assert.True(rotated.Verify(old).IsValid);
        Assert.StartsWith("v2.k2.", rotated.Issue(_memberId, 0, TokenPurpose.Profile), StringComparison.Ordinal);
    }

    [Fact]
    public void TokenOfARemovedKeyIsRefused()
    {
        var old = Service(("k1", KeyOne)).Issue(_memberId, 0, TokenPurpose.Account);

        Assert.Equal(TokenStatus.UnknownKey, Service(("k2", KeyTwo)).Verify(old).Status);
    }

    [Fact]
    public void TokenWithAnyChangedByteIsRefused()
    {
        var tokens = Service(("k1", KeyOne));
        var token = tokens.Issue(_memberId, 0, TokenPurpose.Vote, _pollId);
        var body = Base64Url.DecodeFromChars(token.Split('.')[2]);

        for (var i = 0; i < body.Length; i++)
        {
            var changed = (byte[])body.Clone();
            changed[i] ^= 0x01;
            Assert.Equal(TokenStatus.BadSignature, tokens.Verify($"v2.k1.{Base64Url.EncodeToString(changed)}").Status);
        }
    }

    [Fact]
    public void TokenMovedToAnotherKeyIdIsRefused()
    {
        var tokens = Service(("k1", KeyOne), ("k2", KeyOne));
        var token = tokens.Issue(_memberId, 0, TokenPurpose.Account);

        // The same secret under two ids: the key id is authenticated data, so the token does not move.
        Assert.Equal(TokenStatus.BadSignature, tokens.Verify(token.Replace("v2.k2.", "v2.k1.", StringComparison.Ordinal)).Status);
    }

    [Fact]
    public void TokenMadeWithAnotherSecretUnderTheSameKeyIdIsRefused()
    {
        var foreign = Service(("k1", KeyTwo)).Issue(_memberId, 0, TokenPurpose.Account);

        Assert.Equal(TokenStatus.BadSignature, Service(("k1", KeyOne)).Verify(foreign).Status);
    }

    [Theory]
    [InlineData("access", TokenPurpose.LegacyAccess)]
    [InlineData("confirm", TokenPurpose.Confirm)]
    [InlineData("unsubscribe", TokenPurpose.Unsubscribe)]
    public void FirstFormatTokensStillVerifyWithNarrowedPurposes(string oldPurpose, TokenPurpose purpose)
    {
        var token = FirstFormat("k1", KeyOne, oldPurpose, _time.GetUtcNow().AddDays(3));

        var verification = Service(("k1", KeyOne)).Verify(token);

        Assert.Equal(TokenStatus.Valid, verification.Status);
        Assert.Equal((_memberId, purpose, 0), (verification.Token!.MemberId, verification.Token.Purpose, verification.Token.Generation));
    }

    [Fact]
    public void FirstFormatTokensExpireAndMustCarryTheirSignature()
    {
        var tokens = Service(("k1", KeyOne));
        var expired = FirstFormat("k1", KeyOne, "access", _time.GetUtcNow().AddSeconds(-1));
        var forged = FirstFormat("k1", KeyTwo, "access", _time.GetUtcNow().AddDays(3));
        var unknownPurpose = FirstFormat("k1", KeyOne, "admin", _time.GetUtcNow().AddDays(3));

        Assert.Equal(TokenStatus.Expired, tokens.Verify(expired).Status);
        Assert.Equal(TokenStatus.BadSignature, tokens.Verify(forged).Status);
        Assert.Equal(TokenStatus.Malformed, tokens.Verify(unknownPurpose).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.def.ghi")]
    [InlineData("v2.k1.")]
    [InlineData("v2.k1.AAAA")]
    [InlineData("v2..AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%%%.%%%")]
    [InlineData("v2.k1.%%%")]
    public void MalformedTokenIsRefused(string? token)
    {
        Assert.Contains(Service(("k1", KeyOne)).Verify(token).Status, new[] { TokenStatus.Malformed, TokenStatus.UnknownKey });
    }

    [Theory]
    [InlineData(TokenPurpose.Confirm, new[] { MemberAction.Confirm })]
    [InlineData(TokenPurpose.Unsubscribe, new[] { MemberAction.Unsubscribe })]
    [InlineData(TokenPurpose.Calendar, new[] { MemberAction.ReadCalendar })]
    [InlineData(TokenPurpose.Profile, new[] { MemberAction.Unsubscribe, MemberAction.ViewProfile, MemberAction.ChangeProfile, MemberAction.UploadDocument, MemberAction.AttendEvents, MemberAction.MapProjects })]
    [InlineData(TokenPurpose.LegacyAccess, new[] { MemberAction.Unsubscribe, MemberAction.ViewProfile, MemberAction.ChangeProfile, MemberAction.UploadDocument, MemberAction.Vote })]
    [InlineData(TokenPurpose.Account, new[] { MemberAction.Unsubscribe, MemberAction.ViewProfile, MemberAction.ChangeProfile, MemberAction.UploadDocument, MemberAction.Vote, MemberAction.ExportData, MemberAction.EraseData, MemberAction.RevokeLinks, MemberAction.AttendEvents, MemberAction.ReadCalendar, MemberAction.MapProjects })]
    public void EachPurposeAllowsExactlyItsActions(TokenPurpose purpose, MemberAction[] allowed)
    {
        var token = new MemberToken(_memberId, purpose, 0, null, _time.GetUtcNow().AddHours(1));

        var granted = Enum.GetValues<MemberAction>().Where(action => TokenGrants.Allows(token, action, _pollId));

        Assert.Equal(allowed.Order(), granted.Order());
    }

    [Fact]
    public void VoteTokenAllowsVotingInItsOwnPollOnly()
    {
        var token = new MemberToken(_memberId, TokenPurpose.Vote, 0, _pollId, _time.GetUtcNow().AddHours(1));

        Assert.True(TokenGrants.Allows(token, MemberAction.Vote, _pollId));
        Assert.False(TokenGrants.Allows(token, MemberAction.Vote, Guid.NewGuid().ToString("N")));
        Assert.False(TokenGrants.Allows(token, MemberAction.Vote, _pollId.ToUpperInvariant()));
        Assert.False(TokenGrants.Allows(token, MemberAction.Vote));
        Assert.Equal([MemberAction.Vote], Enum.GetValues<MemberAction>().Where(action => TokenGrants.Allows(token, action, _pollId)));
    }

    private string FirstFormat(string keyId, string key, string purpose, DateTimeOffset expires)
    {
        var payload = Encoding.UTF8.GetBytes($"v1|{keyId}|{purpose}|{_memberId}|{expires.ToUnixTimeSeconds()}");
        var mac = HMACSHA256.HashData(Convert.FromBase64String(key), payload);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(mac)}";
    }

    private MemberTokenService Service(params (string Id, string Key)[] keys) =>
        new(Options.Create(new MemberTokenOptions { Keys = keys.ToDictionary(k => k.Id, k => k.Key), ActiveKey = keys[^1].Id }), _time);
}
