using CoP.Shared.DomainEvents.Sources;
using CoP.Shared.Members;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Projects.Review;

/// <summary>
/// The operators' side of projects: the review decision (the owner is mailed it) and a new contact for a project whose
/// contact erased their data. Both write against the project's version: with the operator's <c>If-Match</c> a stale
/// version is refused; without it, a write that lost a race is read again and retried.
/// </summary>
public sealed partial class ProjectReviewService(
    ProjectStore store,
    MemberStore members,
    ProjectReviewMails mails,
    ProjectNews news,
    TimeProvider time,
    ILogger<ProjectReviewService> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Approves (<see cref="ProjectReview.Approved"/>; <see cref="Project.ApprovedAt"/> is the first approval) or rejects
    /// (with the note) the project, and mails its owner. The decision it already stands under (approved and not edited
    /// since, or rejected with the same note) is answered as it is, its mail queued again under the same id: a retry
    /// after a failure half-way completes it, and the owner is mailed once. The first approval is reported (again by
    /// such a retry: the report is written once).
    /// </summary>
    public async Task<ReviewOutcome> ReviewAsync(string projectId, ProjectDecision decision, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await store.GetAsync(projectId, cancellationToken) is not { } stored)
            {
                return new ReviewOutcome.NotFound();
            }

            if (Stands(stored.Project, decision))
            {
                await mails.EnqueueAsync(stored.Project, cancellationToken);
                await news.ApprovedAsync(stored.Project, cancellationToken);
                return new ReviewOutcome.Reviewed(stored, Changed: false);
            }

            if (ifMatch is not null && !string.Equals(ifMatch, stored.Version, StringComparison.Ordinal))
            {
                return new ReviewOutcome.VersionMismatch();
            }

            var decided = Decide(stored.Project, decision, time.GetUtcNow());
            if (await store.TryReplaceAsync(decided, stored.Version, cancellationToken) is { } version)
            {
                LogReviewed(logger, projectId, decided.Review);
                await mails.EnqueueAsync(decided, cancellationToken);
                await news.ApprovedAsync(decided, cancellationToken);
                return new ReviewOutcome.Reviewed(new StoredProject(decided, version), Changed: true);
            }

            if (ifMatch is not null)
            {
                return new ReviewOutcome.VersionMismatch();
            }
        }

        return new ReviewOutcome.VersionMismatch();
    }

    /// <summary>
    /// Makes a confirmed member the project's contact (its owner from now on: they edit it, post its progress and are
    /// asked yearly to confirm it). Operators use it for a project whose contact erased their data, or to hand it over.
    /// </summary>
    public async Task<ContactChange> AssignContactAsync(string projectId, string memberId, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(memberId) || await members.GetAsync(memberId, cancellationToken) is not { MemberStatus: MemberStatus.Confirmed })
        {
            return await store.GetAsync(projectId, cancellationToken) is null ? new ContactChange.NotFound() : new ContactChange.MemberNotFound();
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await store.GetAsync(projectId, cancellationToken) is not { } stored)
            {
                return new ContactChange.NotFound();
            }

            if (stored.Project.IsOwnedBy(memberId))
            {
                return new ContactChange.Assigned(stored);
            }

            if (ifMatch is not null && !string.Equals(ifMatch, stored.Version, StringComparison.Ordinal))
            {
                return new ContactChange.VersionMismatch();
            }

            var assigned = stored.Project with { ContactMemberId = memberId };
            if (await store.TryReplaceAsync(assigned, stored.Version, cancellationToken) is { } version)
            {
                LogContactAssigned(logger, projectId);
                return new ContactChange.Assigned(new StoredProject(assigned, version));
            }

            if (ifMatch is not null)
            {
                return new ContactChange.VersionMismatch();
            }
        }

        return new ContactChange.VersionMismatch();
    }

    /// <summary>Whether the project already stands as <paramref name="decision"/> would leave it.</summary>
    private static bool Stands(Project project, ProjectDecision decision) => decision switch
    {
        ProjectDecision.Approve => project is { Review: ProjectReview.Approved, EditedSinceReview: false },
        ProjectDecision.Reject { Note: var note } => project.Review == ProjectReview.Rejected && string.Equals(project.ReviewNote, note, StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown decision."),
    };

    private static Project Decide(Project project, ProjectDecision decision, DateTimeOffset now) => decision switch
    {
        ProjectDecision.Approve => project with
        {
            Review = ProjectReview.Approved,
            ReviewNote = null,
            ReviewedAt = now,
            ApprovedAt = project.ApprovedAt ?? now,
            EditedSinceReview = false,
        },
        ProjectDecision.Reject { Note: var note } => project with
        {
            Review = ProjectReview.Rejected,
            ReviewNote = note,
            ReviewedAt = now,
            EditedSinceReview = false,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown decision."),
    };

    [LoggerMessage(EventId = 12020, Level = LogLevel.Information, Message = "Project {ProjectId} reviewed: {Review}")]
    private static partial void LogReviewed(ILogger logger, string projectId, ProjectReview review);

    [LoggerMessage(EventId = 12021, Level = LogLevel.Information, Message = "Project {ProjectId} has a new contact")]
    private static partial void LogContactAssigned(ILogger logger, string projectId);
}
