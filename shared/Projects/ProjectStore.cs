using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Projects;

/// <summary>A project as stored, with the version (the row's ETag) that an <c>If-Match</c> update must name.</summary>
public sealed record StoredProject(Project Project, string Version);

/// <summary>
/// Projects in Table Storage (one partition). Every write also moves the change marker (<see cref="ChangeMarkerAsync"/>,
/// a row of its own partition), after the project's row: a cache of the public map that was built when the marker had
/// an older value is stale. Progress notes live in <see cref="ProjectProgressStore"/>.
/// </summary>
public sealed class ProjectStore(TableServiceClient tables, StorageNames names, TimeProvider time)
{
    private const string MarkerPartition = "meta";
    private const string MarkerRow = "changes";

    private readonly ProvisionedTable _projects = new(tables, names.Projects);

    /// <summary>Project ids: 32 lowercase hex digits.</summary>
    public static bool IsValidProjectId(string? projectId) =>
        projectId is { Length: 32 } && projectId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static string NewProjectId() => Guid.NewGuid().ToString("N");

    public async Task<StoredProject> AddAsync(Project project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var table = await _projects.GetClientAsync(cancellationToken);
        var answer = await table.AddEntityAsync(ProjectEntity.From(project), cancellationToken);
        await MarkChangedAsync(table, cancellationToken);
        return new StoredProject(project, answer.Headers.ETag?.ToString() ?? "");
    }

    /// <summary>The project with its version, whatever its review; null for an unknown or malformed id.</summary>
    public async Task<StoredProject?> GetAsync(string? projectId, CancellationToken cancellationToken = default)
    {
        if (!IsValidProjectId(projectId))
        {
            return null;
        }

        var table = await _projects.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<ProjectEntity>(ProjectEntity.Partition, projectId, cancellationToken: cancellationToken);
        return row.HasValue ? new StoredProject(row.Value!.ToProject(), row.Value.ETag.ToString()) : null;
    }

    /// <summary>
    /// Replaces the project if it is still at <paramref name="version"/>: the new version, or null when it changed since
    /// (or was never there).
    /// </summary>
    public async Task<string?> TryReplaceAsync(Project project, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var table = await _projects.GetClientAsync(cancellationToken);
        try
        {
            var answer = await table.UpdateEntityAsync(ProjectEntity.From(project), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            await MarkChangedAsync(table, cancellationToken);
            return answer.Headers.ETag?.ToString() ?? "";
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>Every project, whatever its review (the public snapshot filters; operators see all).</summary>
    public Task<IReadOnlyList<Project>> ListAllAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter<ProjectEntity>(p => p.PartitionKey == ProjectEntity.Partition), cancellationToken);

    /// <summary>The projects in one review state (the operators' queue: pending ones).</summary>
    public Task<IReadOnlyList<Project>> ListByReviewAsync(ProjectReview review, CancellationToken cancellationToken = default)
    {
        var name = ProjectNames.Of(review);
        return QueryAsync(TableClient.CreateQueryFilter<ProjectEntity>(p => p.PartitionKey == ProjectEntity.Partition && p.Review == name), cancellationToken);
    }

    /// <summary>The projects a member is the contact of (their own list, export and erase).</summary>
    public Task<IReadOnlyList<Project>> ListByContactAsync(string memberId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter<ProjectEntity>(p => p.PartitionKey == ProjectEntity.Partition && p.ContactMemberId == memberId), cancellationToken);

    /// <summary>
    /// The change marker's current value (its ETag; empty before the first write). Read it before reading the projects
    /// for a cache: when it differs later, something was written since.
    /// </summary>
    public async Task<string> ChangeMarkerAsync(CancellationToken cancellationToken = default)
    {
        var table = await _projects.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerRow, select: ["PartitionKey"], cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ETag.ToString() : "";
    }

    private async Task MarkChangedAsync(TableClient table, CancellationToken cancellationToken)
    {
        var marker = new TableEntity(MarkerPartition, MarkerRow) { ["ChangedAt"] = time.GetUtcNow() };
        await table.UpsertEntityAsync(marker, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task<IReadOnlyList<Project>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var table = await _projects.GetClientAsync(cancellationToken);
        var projects = new List<Project>();
        await foreach (var row in table.QueryAsync<ProjectEntity>(filter, cancellationToken: cancellationToken))
        {
            projects.Add(row.ToProject());
        }

        return [.. projects.OrderBy(p => p.CreatedAt).ThenBy(p => p.ProjectId, StringComparer.Ordinal)];
    }
}
