using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CoP.Shared.Storage;

namespace CoP.Shared.Members.Import;

/// <summary>
/// The <c>imports</c> container: a file an operator previewed, kept under the SHA-256 of its bytes (<c>{hash}.csv</c>)
/// so that the import that follows reads exactly the file that was previewed. It holds addresses, so it is kept no
/// longer than needed: deleted once imported, and after <see cref="KeptFor"/> when nobody imports it (by the next
/// preview or the daily housekeeping, whichever comes first).
/// </summary>
public sealed class ImportFileStore(BlobServiceClient blobs, StorageNames names, TimeProvider time)
{
    /// <summary>How long a previewed file waits for its import.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    private readonly ProvisionedContainer _imports = new(blobs.GetBlobContainerClient(names.ImportsContainer));

    /// <summary>Whether <paramref name="value"/> has the shape of a file's hash: 64 lowercase hexadecimal digits.</summary>
    public static bool IsHash(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigitLower);

    /// <summary>Keeps the file (the same bytes twice are one blob) and returns its hash; deletes the files kept longer than <see cref="KeptFor"/>.</summary>
    public async Task<string> KeepAsync(byte[] file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var hash = Convert.ToHexStringLower(SHA256.HashData(file));
        var container = await _imports.GetClientAsync(cancellationToken);
        await container.GetBlobClient(BlobName(hash)).UploadAsync(new BinaryData(file), overwrite: true, cancellationToken);

        await PurgeAsync(time.GetUtcNow() - KeptFor, cancellationToken);
        return hash;
    }

    /// <summary>Deletes the files kept since before <paramref name="before"/> (by the previews and by the daily housekeeping); returns how many went.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var container = await _imports.GetClientAsync(cancellationToken);
        var deleted = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (blob.Properties.LastModified < before
                && await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>The kept file of <paramref name="hash"/>, or null when it is not kept (imported already, or kept too long).</summary>
    public async Task<Stream?> OpenAsync(string hash, CancellationToken cancellationToken = default)
    {
        if (!IsHash(hash))
        {
            return null;
        }

        var container = await _imports.GetClientAsync(cancellationToken);
        try
        {
            var content = await container.GetBlobClient(BlobName(hash)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToStream();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes the kept file of <paramref name="hash"/>; one already gone is fine.</summary>
    public async Task DeleteAsync(string hash, CancellationToken cancellationToken = default)
    {
        if (IsHash(hash))
        {
            var container = await _imports.GetClientAsync(cancellationToken);
            await container.GetBlobClient(BlobName(hash)).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
    }

    private static string BlobName(string hash) => $"{hash}.csv";
}
