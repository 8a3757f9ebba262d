using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace CoP.Shared.Documents;

/// <summary>How a SAS is signed.</summary>
public enum SasSigning
{
    /// <summary>With the account key (a connection string: Azurite, or an account with shared keys).</summary>
    AccountKey,

    /// <summary>With a user-delegation key obtained by the managed identity (Azure, where the account has no keys).</summary>
    UserDelegation,
}

/// <summary>
/// Issues SAS URLs for single blobs: account-key signed when the client holds the key, user-delegation signed
/// otherwise. The choice is one rule (<see cref="SigningFor"/>), so both deployments take the same code path.
/// </summary>
public sealed class BlobSasIssuer(BlobServiceClient service, TimeProvider time)
{
    /// <summary>Clock skew between this host and storage: the SAS starts this much before now.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    private readonly UserDelegationKeyCache _keys = new(
        async (startsOn, expiresOn, cancellationToken) => (await service.GetUserDelegationKeyAsync(startsOn, expiresOn, cancellationToken)).Value,
        time);

    public static SasSigning SigningFor(BlobClient blob) => blob.CanGenerateSasUri ? SasSigning.AccountKey : SasSigning.UserDelegation;

    /// <summary>A SAS URL for exactly <paramref name="blob"/>, with these permissions, valid for <paramref name="lifetime"/> from now.</summary>
    public async Task<(Uri Url, DateTimeOffset ExpiresOn)> IssueAsync(
        BlobClient blob, BlobSasPermissions permissions, TimeSpan lifetime, Action<BlobSasBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var expiresOn = now + lifetime;
        var builder = new BlobSasBuilder(permissions, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now - Skew,
        };
        configure?.Invoke(builder);
        if (SigningFor(blob) == SasSigning.AccountKey)
        {
            return (blob.GenerateSasUri(builder), expiresOn);
        }

        // One key serves every SAS until shortly before it expires: a download costs no key request.
        var key = await _keys.GetAsync(expiresOn, cancellationToken);
        var sas = builder.ToSasQueryParameters(key, service.AccountName);
        return (new BlobUriBuilder(blob.Uri) { Sas = sas }.ToUri(), expiresOn);
    }
}
