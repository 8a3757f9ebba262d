using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CoP.Shared.Storage;

namespace CoP.Shared.Projects.Submission;

/// <summary>
/// Project boundaries as GeoJSON blobs in <c>project-boundaries</c>, named <c>{projectId}/{sha256 of the GeoJSON}.geojson</c>:
/// the same boundary always has the same name, so writing it again is harmless and an update that keeps the boundary
/// keeps its blob. A changed boundary is a new blob; the old one goes once the row no longer names it.
/// </summary>
public sealed class ProjectBoundaries(BlobServiceClient blobs, StorageNames names)
{
    private readonly ProvisionedContainer _container = new(blobs.GetBlobContainerClient(names.ProjectBoundariesContainer));

    /// <summary>Where <paramref name="shape"/> is (or would be) kept for <paramref name="projectId"/>, with its box and area.</summary>
    public static ProjectBoundary Describe(string projectId, BoundaryShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shape.GeoJson)));
        return new ProjectBoundary($"{projectId}/{hash}.geojson", shape.West, shape.South, shape.East, shape.North, shape.AreaHectares);
    }

    /// <summary>Writes the boundary (again, harmlessly, when it is there already) and answers where it is.</summary>
    public async Task<ProjectBoundary> WriteAsync(string projectId, BoundaryShape shape, CancellationToken cancellationToken = default)
    {
        var boundary = Describe(projectId, shape);
        var blob = (await _container.GetClientAsync(cancellationToken)).GetBlobClient(boundary.BlobName);
        await blob.UploadAsync(
            BinaryData.FromString(shape.GeoJson),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/geo+json" } },
            cancellationToken);
        return boundary;
    }

    /// <summary>The boundary's shape as stored, or null when its blob is gone.</summary>
    public async Task<BoundaryShape?> ReadAsync(ProjectBoundary boundary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        var blob = (await _container.GetClientAsync(cancellationToken)).GetBlobClient(boundary.BlobName);
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return new BoundaryShape(content.Value.Content.ToString(), boundary.West, boundary.South, boundary.East, boundary.North, boundary.AreaHectares);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The boundary's GeoJSON as stored (pages draw it), or null when its blob is gone.</summary>
    public async Task<string?> GeoJsonAsync(ProjectBoundary boundary, CancellationToken cancellationToken = default) =>
        (await ReadAsync(boundary, cancellationToken))?.GeoJson;

    public async Task DeleteAsync(ProjectBoundary boundary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        var container = await _container.GetClientAsync(cancellationToken);
        await container.GetBlobClient(boundary.BlobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }
}
