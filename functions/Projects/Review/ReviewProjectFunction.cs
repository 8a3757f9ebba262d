using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Review;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Review;

/// <summary>
/// POST /api/manage/projects/{projectId}/review (function key) with <c>{"decision":"approve"|"reject","note":"…"}</c>:
/// puts a project on the public map or sends it back to its owner with the note; the owner is mailed the decision.
/// <c>If-Match</c> (optional) names the version reviewed: 412 when the project changed since.
/// </summary>
public sealed class ReviewProjectFunction(ProjectReviewService reviews)
{
    [Function(nameof(ReviewProject))]
    public async Task<IResult> ReviewProject(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/projects/{projectId}/review")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken)
    {
        if (!ProjectStore.IsValidProjectId(projectId))
        {
            return Problems.Validation("projectId", "A project id is 32 lowercase hexadecimal characters.");
        }

        return await JsonRequestBody.ReadAsync<ReviewRequest>(request, JsonRequestBody.DefaultMaxBytes, cancellationToken) switch
        {
            RequestBody<ReviewRequest>.Read { Value: var review } => ProjectReviewRules.Parse(review.Decision, review.Note) switch
            {
                Validated<ProjectDecision>.Valid { Value: var decision } => await ReviewAsync(request, projectId, decision, cancellationToken),
                Validated<ProjectDecision>.Invalid { Errors: var errors } => Problems.Validation(errors),
                _ => throw new UnreachableException(),
            },
            RequestBody<ReviewRequest>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> ReviewAsync(HttpRequest request, string projectId, ProjectDecision decision, CancellationToken cancellationToken)
    {
        var ifMatch = request.Headers.IfMatch.ToString().Trim() is { Length: > 0 } version ? version : null;
        return await reviews.ReviewAsync(projectId, decision, ifMatch, cancellationToken) switch
        {
            ReviewOutcome.Reviewed { Project: var stored } => Reviewed(request, stored),
            ReviewOutcome.NotFound => Problems.NotFound("There is no project with this id."),
            ReviewOutcome.VersionMismatch when ifMatch is not null =>
                Problems.PreconditionFailed("The project changed since it was read: read it again (its ETag) and review it again."),
            ReviewOutcome.VersionMismatch => Problems.Conflict("The project was being changed at the same time; send the decision again."),
            _ => throw new UnreachableException(),
        };
    }

    private static Ok<ProjectReviewResponse> Reviewed(HttpRequest request, StoredProject stored)
    {
        request.HttpContext.Response.Headers.ETag = stored.Version;
        return TypedResults.Ok(ProjectReviewResponse.From(stored.Project));
    }

    public sealed record ReviewRequest(string? Decision, string? Note);
}

/// <summary>Where a project stands with the operators after a decision.</summary>
public sealed record ProjectReviewResponse(
    string ProjectId, string Review, string? ReviewNote, DateTimeOffset? ReviewedAt, DateTimeOffset? ApprovedAt, bool EditedSinceReview, string? ContactMemberId)
{
    public static ProjectReviewResponse From(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return new(project.ProjectId, ProjectNames.Of(project.Review), project.ReviewNote, project.ReviewedAt, project.ApprovedAt, project.EditedSinceReview, project.ContactMemberId);
    }
}
