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

    private readonly Lock _gate = new();
    private UserDelegationKey? _key;
    private Task<UserDelegationKey>? _fetch;

    /// <summary>A key that signs a SAS valid until <paramref name="signsUntil"/>.</summary>
    public async Task<UserDelegationKey> GetAsync(DateTimeOffset signsUntil, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task<UserDelegationKey> pending;
            lock (_gate)
            {
                if (Usable(_key, signsUntil) is { } cached)
                {
                    return cached;
                }

                // One fetch at a time, shared by every caller that needs a key meanwhile; a failed one is not kept.
                if (_fetch is null || _fetch.IsCompleted)
                {
                    _fetch = FetchAsync(signsUntil);
                }

                pending = _fetch;
            }

            var key = await pending.WaitAsync(cancellationToken);
            if (Usable(key, signsUntil) is { } fetched)
            {
                return fetched;
            }
        }
    }

    // Not cancelled by the caller that started it: the others wait for the same fetch.
    private async Task<UserDelegationKey> FetchAsync(DateTimeOffset signsUntil)
    {
        // Out from under the lock that started it before anything else runs.
        await Task.Yield();
        var now = time.GetUtcNow();
        var expiresOn = now + KeyLifetime;
        if (expiresOn < signsUntil + RenewBefore)
        {
            expiresOn = signsUntil + RenewBefore;
        }

        var key = await fetch(now - Skew, expiresOn, CancellationToken.None);
        lock (_gate)
        {
            _key = key;
        }

        return key;
    }

    private UserDelegationKey? Usable(UserDelegationKey? key, DateTimeOffset signsUntil) =>
        key is not null && key.SignedStartsOn <= time.GetUtcNow() && key.SignedExpiresOn - RenewBefore >= signsUntil ? key : null;
}
