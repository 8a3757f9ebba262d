using Azure.Storage.Blobs.Models;
using CoP.Shared.Documents;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Documents;

/// <summary>
/// The cache's own logic, with a counting key source in place of storage's Get User Delegation Key (which needs an
/// Entra identity that Azurite does not have); the signing path itself is covered where a key is used.
/// </summary>
public sealed class UserDelegationKeyCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentSasRequestsShareOneKeyFetch()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var fetches = 0;
        var cache = new UserDelegationKeyCache(
            async (startsOn, expiresOn, ct) =>
            {
                Interlocked.Increment(ref fetches);
                await Task.Delay(50, ct);
                return Key(startsOn, expiresOn);
            },
            time);

        var keys = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => cache.GetAsync(time.GetUtcNow().AddMinutes(5), Ct), Ct)));

        Assert.Equal(1, fetches);
        Assert.All(keys, key => Assert.Same(keys[0], key));
    }

    [Fact]
    public async Task AKeyIsReusedUntilShortlyBeforeItExpiresThenFetchedAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var fetches = new List<(DateTimeOffset StartsOn, DateTimeOffset ExpiresOn)>();
        var cache = new UserDelegationKeyCache(
            (startsOn, expiresOn, _) =>
            {
                fetches.Add((startsOn, expiresOn));
                return Task.FromResult(Key(startsOn, expiresOn));
            },
            time);

        var first = await cache.GetAsync(time.GetUtcNow().AddMinutes(5), Ct);
        time.Advance(UserDelegationKeyCache.KeyLifetime - UserDelegationKeyCache.RenewBefore - TimeSpan.FromMinutes(10));
        var reused = await cache.GetAsync(time.GetUtcNow().AddMinutes(5), Ct);
        var tooLong = await cache.GetAsync(time.GetUtcNow().AddMinutes(30), Ct);

        Assert.Same(first, reused);
        Assert.NotSame(first, tooLong);
        Assert.Equal(2, fetches.Count);
        Assert.True(tooLong.SignedExpiresOn - UserDelegationKeyCache.RenewBefore >= time.GetUtcNow().AddMinutes(30));
    }

    [Fact]
    public async Task AFailedFetchIsNotCachedAndTheNextRequestFetchesAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var calls = 0;
        var cache = new UserDelegationKeyCache(
            (startsOn, expiresOn, _) => ++calls == 1
                ? Task.FromException<UserDelegationKey>(new Azure.RequestFailedException(503, "busy"))
                : Task.FromResult(Key(startsOn, expiresOn)),
            time);

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => cache.GetAsync(time.GetUtcNow().AddMinutes(5), Ct));
        var key = await cache.GetAsync(time.GetUtcNow().AddMinutes(5), Ct);

        Assert.Equal(2, calls);
        Assert.NotNull(key);
    }

    private static UserDelegationKey Key(DateTimeOffset startsOn, DateTimeOffset expiresOn) =>
        BlobsModelFactory.UserDelegationKey("oid", "tid", startsOn, expiresOn, "b", "2025-01-05", Convert.ToBase64String(new byte[32]));
}
