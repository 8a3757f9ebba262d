using System.Diagnostics;
using System.Text.Json;
using CoP.Shared.Documents;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Projects.Submission;

/// <summary>
/// What members do to their projects: submit one (it waits for review, they are its contact), change it with a merge
/// patch against the version they read (checked whole again), and confirm that it is still current. Every owner's
/// successful change is also a confirmation (<see cref="Project.LastConfirmedAt"/>). A changed approved project stays
/// on the map and is marked for the operators (<see cref="Project.EditedSinceReview"/>); a changed rejected one waits
/// for review again. Operators hear of every project that comes to wait (<see cref="ProjectSubmittedNotices"/>).
/// </summary>
public sealed partial class ProjectService(
    ProjectStore store,
    ProjectBoundaries boundaries,
    TopicStore topics,
    DocumentCatalog documents,
    ProjectSubmittedNotices notices,
    TimeProvider time,
    ILogger<ProjectService> logger)
{
    /// <summary>How many of a member's projects may wait for review at once: enough for a real backlog, not for a flood.</summary>
    public const int MaxPendingPerMember = 10;

    private const int MaxAttempts = 5;

    /// <summary>Reads and checks a definition's JSON against the active topics and the published documents.</summary>
    public async Task<Validated<ProjectDefinition>> ParseAsync(JsonElement json, CancellationToken cancellationToken = default) =>
        ProjectRules.Parse(json, await ReferencesAsync(json, null, cancellationToken), Today);

    /// <summary>Checks <paramref name="json"/> and submits it for <paramref name="memberId"/> (see the other overload).</summary>
    public async Task<ProjectSubmission> SubmitAsync(string memberId, JsonElement json, CancellationToken cancellationToken = default) =>
        await ParseAsync(json, cancellationToken) switch
        {
            Validated<ProjectDefinition>.Valid { Value: var definition } => await SubmitAsync(memberId, definition, cancellationToken),
            Validated<ProjectDefinition>.Invalid { Errors: var errors } => new ProjectSubmission.Invalid(errors),
            _ => throw new UnreachableException(),
        };

    /// <summary>
    /// Stores a checked definition as a new project waiting for review, with <paramref name="memberId"/> as its contact
    /// (confirmed now), its boundary's blob first; the operators are told. Refused when the member has
    /// <see cref="MaxPendingPerMember"/> projects waiting already.
    /// </summary>
    public async Task<ProjectSubmission> SubmitAsync(string memberId, ProjectDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        ArgumentNullException.ThrowIfNull(definition);
        var mine = await store.ListByContactAsync(memberId, cancellationToken);
        if (mine.Count(p => p.Review == ProjectReview.Pending) >= MaxPendingPerMember)
        {
            return new ProjectSubmission.TooManyPending(MaxPendingPerMember);
        }

        var projectId = ProjectStore.NewProjectId();
        var boundary = definition.Boundary is { } shape ? await boundaries.WriteAsync(projectId, shape, cancellationToken) : null;
        var stored = await store.AddAsync(definition.NewProject(projectId, memberId, boundary, time.GetUtcNow()), cancellationToken);
        LogSubmitted(logger, projectId, memberId);
        await notices.QueueAsync(stored.Project, resubmitted: false, cancellationToken);
        return new ProjectSubmission.Submitted(stored);
    }

    /// <summary>
    /// Applies <paramref name="mergePatch"/> (RFC 7396) to the project's definition as its owner, if the project is still
    /// at <paramref name="version"/>; the result is checked whole. An empty patch <c>{}</c> changes nothing but confirms
    /// the record is current.
    /// </summary>
    public async Task<ProjectChange> UpdateAsync(string projectId, string memberId, JsonElement mergePatch, string version, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(projectId, cancellationToken) is not { } stored)
        {
            return new ProjectChange.NotFound();
        }

        if (!stored.Project.IsOwnedBy(memberId))
        {
            return new ProjectChange.NotOwner();
        }

        if (!string.Equals(stored.Version, version, StringComparison.Ordinal))
        {
            return new ProjectChange.VersionMismatch();
        }

        if (mergePatch.ValueKind != JsonValueKind.Object)
        {
            return Invalid("body", "A merge patch is a JSON object of the fields to change (null removes one).");
        }

        var current = stored.Project;
        var before = ProjectDefinition.Of(current, current.Boundary is { } b ? await boundaries.ReadAsync(b, cancellationToken) : null);
        var merged = JsonMergePatch.Apply(ProjectDefinitionJson.Write(before), mergePatch) ?? new System.Text.Json.Nodes.JsonObject();
        var json = ProjectDefinitionJson.ToElement(merged);
        return ProjectRules.Parse(json, await ReferencesAsync(json, current, cancellationToken), Today) switch
        {
            Validated<ProjectDefinition>.Valid { Value: var after } => await ReplaceAsync(stored, before, after, cancellationToken),
            Validated<ProjectDefinition>.Invalid { Errors: var errors } => new ProjectChange.Invalid(errors),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>
    /// The owner says the record is still current: <see cref="Project.LastConfirmedAt"/> becomes now. With
    /// <paramref name="version"/>, only if the project is still at it; without, against whatever it is now.
    /// </summary>
    public async Task<ProjectChange> ConfirmAsync(string projectId, string memberId, string? version = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await store.GetAsync(projectId, cancellationToken) is not { } stored)
            {
                return new ProjectChange.NotFound();
            }

            if (!stored.Project.IsOwnedBy(memberId))
            {
                return new ProjectChange.NotOwner();
            }

            if (version is not null && !string.Equals(stored.Version, version, StringComparison.Ordinal))
            {
                return new ProjectChange.VersionMismatch();
            }

            var confirmed = stored.Project with { LastConfirmedAt = time.GetUtcNow() };
            if (await store.TryReplaceAsync(confirmed, stored.Version, cancellationToken) is { } newVersion)
            {
                LogConfirmed(logger, projectId);
                return new ProjectChange.Changed(new StoredProject(confirmed, newVersion));
            }

            if (version is not null)
            {
                return new ProjectChange.VersionMismatch();
            }
        }

        return new ProjectChange.VersionMismatch();
    }

    private async Task<ProjectChange> ReplaceAsync(StoredProject stored, ProjectDefinition before, ProjectDefinition after, CancellationToken cancellationToken)
    {
        var (current, now) = (stored.Project, time.GetUtcNow());
        var changed = !after.SameAs(before);
        var boundary = after.Boundary is not { } shape ? null
            : ProjectBoundaries.Describe(current.ProjectId, shape) is var described && described.BlobName == current.Boundary?.BlobName ? current.Boundary
            : await boundaries.WriteAsync(current.ProjectId, shape, cancellationToken);
        var next = after.ApplyTo(current, boundary) with { LastConfirmedAt = now };
        if (changed)
        {
            next = next with
            {
                UpdatedAt = now,
                Review = current.Review == ProjectReview.Rejected ? ProjectReview.Pending : current.Review,
                EditedSinceReview = current.Review == ProjectReview.Approved || current.EditedSinceReview,
            };
        }

        if (await store.TryReplaceAsync(next, stored.Version, cancellationToken) is not { } newVersion)
        {
            // Blob names are the shape's hash: the change that won may name the very blob written here (the same
            // edit sent twice), so it goes only when the project as it is now does not name it.
            if (boundary is not null && boundary.BlobName != current.Boundary?.BlobName
                && (await store.GetAsync(current.ProjectId, cancellationToken))?.Project.Boundary?.BlobName != boundary.BlobName)
            {
                await boundaries.DeleteAsync(boundary, cancellationToken);
            }

            return new ProjectChange.VersionMismatch();
        }

        if (current.Boundary is { } old && old.BlobName != boundary?.BlobName)
        {
            await boundaries.DeleteAsync(old, cancellationToken);
        }

        LogUpdated(logger, current.ProjectId, changed, next.Review);
        if (current.Review == ProjectReview.Rejected && next.Review == ProjectReview.Pending)
        {
            await notices.QueueAsync(next, resubmitted: true, cancellationToken);
        }

        return new ProjectChange.Changed(new StoredProject(next, newVersion));
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static ProjectChange.Invalid Invalid(string field, string message) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>
    /// The topics and documents <paramref name="json"/> may name: the active topics and the published documents among
    /// those it names, and on an update also the ones <paramref name="current"/> carries already (a topic retired since
    /// may stay; a document stays linked as it was, and pages show only published ones).
    /// </summary>
    private async Task<ProjectReferences> ReferencesAsync(JsonElement json, Project? current, CancellationToken cancellationToken)
    {
        var active = (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).Concat(current?.Topics ?? []).ToHashSet(StringComparer.Ordinal);
        var published = new HashSet<string>(current?.DocumentIds ?? [], StringComparer.Ordinal);
        var named = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("documentIds", out var ids) && ids.ValueKind == JsonValueKind.Array
            && ids.GetArrayLength() <= ProjectRules.MaxDocuments
            ? ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()).Where(DocumentStore.IsValidDocumentId).OfType<string>()
            : [];
        foreach (var id in named.Distinct(StringComparer.Ordinal).Where(id => !published.Contains(id)))
        {
            if (await documents.GetPublishedAsync(id, cancellationToken) is not null)
            {
                published.Add(id);
            }
        }

        return new ProjectReferences(active, published);
    }

    [LoggerMessage(EventId = 12001, Level = LogLevel.Information, Message = "Project {ProjectId} submitted by member {MemberId}; it waits for review")]
    private static partial void LogSubmitted(ILogger logger, string projectId, string memberId);

    [LoggerMessage(EventId = 12002, Level = LogLevel.Information, Message = "Project {ProjectId} updated by its owner (definition changed: {Changed}; review {Review})")]
    private static partial void LogUpdated(ILogger logger, string projectId, bool changed, ProjectReview review);

    [LoggerMessage(EventId = 12003, Level = LogLevel.Information, Message = "Project {ProjectId} confirmed as current by its owner")]
    private static partial void LogConfirmed(ILogger logger, string projectId);
}
