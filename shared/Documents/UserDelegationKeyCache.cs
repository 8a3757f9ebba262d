using Azure.Storage.Blobs.Models;

namespace CoP.Shared.Documents;

/// <summary>
/// Keeps one user-delegation key and hands it out until shortly before it expires, so that a download costs no extra
/// round trip to storage (a key request is an Entra-authorised call, slower than the download redirect itself). Under
/// concurrency one caller fetches, the others wait for that fetch. Thread-safe; one per storage account.
/// </summary>
public sealed class UserDelegationKeyCache(
    Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<UserDelegationKey>> fetch, TimeProvider time)
{
    /// <summary>How long a fetched key is valid (storage allows up to seven days); a SAS cannot outlive its key.</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(6);

    /// <summary>A key this close to its expiry is replaced, so that clock skew never makes a fresh SAS invalid.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(10);

    /// <summary>Clock skew between this host and storage: the key starts this much before now.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private UserDelegationKey? _key;

    /// <summary>A key that signs a SAS valid until <paramref name="signsUntil"/>.</summary>
    public async Task<UserDelegationKey> GetAsync(DateTimeOffset signsUntil, CancellationToken cancellationToken = default)
    {
        if (Usable(Volatile.Read(ref _key), signsUntil) is { } cached)
        {
            return cached;
        }

        await _fetching.WaitAsync(cancellationToken);
        try
        {
            if (Usable(_key, signsUntil) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            var now = time.GetUtcNow();
            var expiresOn = now + KeyLifetime;
            if (expiresOn < signsUntil + RenewBefore)
            {
                expiresOn = signsUntil + RenewBefore;
            }

            var key = await fetch(now - Skew, expiresOn, cancellationToken);
            Volatile.Write(ref _key, key);
            return key;
        }
        finally
        {
            _fetching.Release();
        }
    }

    private UserDelegationKey? Usable(UserDelegationKey? key, DateTimeOffset signsUntil) =>
        key is not null && key.SignedStartsOn <= time.GetUtcNow() && key.SignedExpiresOn - RenewBefore >= signsUntil ? key : null;
}
