using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CoP.Shared.Documents;
using CoP.Shared.DomainEvents.Sources;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Projects.Progress;

/// <summary>
/// Progress notes, the community's "document and share progress": the owner of a project dates what happened and may
/// link published catalog documents. A note is public with its project (at once on an approved one; a pending project's
/// notes show when it is approved); a rejected project takes none until its owner changed it.
/// </summary>
public sealed partial class ProjectProgressService(
    ProjectStore projects,
    ProjectProgressStore notes,
    DocumentCatalog documents,
    ProjectNews news,
    TimeProvider time,
    ILogger<ProjectProgressService> logger)
{
    /// <summary>
    /// Adds the note of <paramref name="memberId"/>, the project's contact, to its timeline. The same note sent again
    /// (same date, language, text and documents) is the one added first. A note on an approved project is reported (again
    /// when sent again: the report is written once); one on a pending project is not.
    /// </summary>
    public async Task<ProgressOutcome> AddAsync(string projectId, string memberId, ProgressDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (await projects.GetAsync(projectId, cancellationToken) is not { Project: var project })
        {
            return new ProgressOutcome.NotFound();
        }

        if (!project.IsOwnedBy(memberId))
        {
            return new ProgressOutcome.NotOwner();
        }

        if (project.Review == ProjectReview.Rejected)
        {
            return new ProgressOutcome.ProjectRejected();
        }

        var now = time.GetUtcNow();
        if (await RefusalsAsync(definition, now, cancellationToken) is { Count: > 0 } refusals)
        {
            return new ProgressOutcome.Invalid(refusals);
        }

        var note = new ProjectProgress(project.ProjectId, ProjectProgressStore.NewUpdateId(), definition.Date, definition.Language, definition.Text, definition.DocumentIds, memberId, now);
        var (stored, added) = await notes.AddOnceAsync(note, KeyOf(project.ProjectId, definition), cancellationToken);
        if (added)
        {
            LogAdded(logger, project.ProjectId, stored.UpdateId);
        }

        await news.ProgressAsync(project, stored, cancellationToken);
        return added ? new ProgressOutcome.Added(stored) : new ProgressOutcome.AlreadyAdded(stored);
    }

    /// <summary>What the rules could not check alone: the date against today, the documents against the catalog.</summary>
    private async Task<Dictionary<string, string[]>> RefusalsAsync(ProgressDefinition definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var refusals = new Dictionary<string, string[]>(StringComparer.Ordinal);

        // A day of grace: where the owner is, it may be tomorrow already.
        if (definition.Date > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1))
        {
            refusals["date"] = ["The date is not in the future: notes say what happened."];
        }

        for (var i = 0; i < definition.DocumentIds.Count; i++)
        {
            if (await documents.GetPublishedAsync(definition.DocumentIds[i], cancellationToken) is null)
            {
                refusals[$"documentIds[{i}]"] = ["The document must be a published document of the catalog."];
            }
        }

        return refusals;
    }

    /// <summary>The note's identity on its project: the same date, language, text and documents make the same note.</summary>
    private static string KeyOf(string projectId, ProgressDefinition definition)
    {
        var identity = string.Join(
            '\u001f',
            [projectId, definition.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), definition.Language, definition.Text, .. definition.DocumentIds]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 16));
    }

    [LoggerMessage(EventId = 12022, Level = LogLevel.Information, Message = "Progress note {UpdateId} added to project {ProjectId}")]
    private static partial void LogAdded(ILogger logger, string projectId, string updateId);
}
