using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>
/// POST /api/manage/documents/{documentId}/review (function key) with <c>{"decision":"approve"|"reject","note":"…"}</c>:
/// publishes or rejects a document waiting for review; the uploader is emailed the decision (with the note).
/// </summary>
public sealed class ReviewDocumentFunction(DocumentCatalog catalog)
{
    [Function(nameof(ReviewDocument))]
    public async Task<IResult> ReviewDocument(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/documents/{documentId}/review")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        if (!DocumentStore.IsValidDocumentId(documentId))
        {
            return Problems.Validation("documentId", "A document id is 32 lowercase hexadecimal characters.");
        }

        return await JsonRequestBody.ReadAsync<ReviewRequest>(request, JsonRequestBody.DefaultMaxBytes, cancellationToken) switch
        {
            RequestBody<ReviewRequest>.Read { Value: var review } => await ReviewAsync(documentId, review, cancellationToken),
            RequestBody<ReviewRequest>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> ReviewAsync(string documentId, ReviewRequest review, CancellationToken cancellationToken)
    {
        return DocumentRules.CheckReview(review.Decision, review.Note) switch
        {
            Validated<ReviewDecision>.Valid { Value: var decision } => await catalog.ReviewAsync(documentId, decision, cancellationToken) switch
            {
                ReviewResult.Published => TypedResults.Ok(new ReviewResponse(documentId, "published")),
                ReviewResult.Rejected => TypedResults.Ok(new ReviewResponse(documentId, "rejected")),
                ReviewResult.NotFound => Problems.NotFound("There is no such document."),
                ReviewResult.NotPendingReview => Problems.Conflict("The document is not waiting for review."),
                ReviewResult.Conflict => Problems.Conflict("The document was being changed at the same time; send the decision again."),
                _ => throw new UnreachableException(),
            },
            Validated<ReviewDecision>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };
    }

    public sealed record ReviewRequest(string? Decision, string? Note);

    public sealed record ReviewResponse(string DocumentId, string Status);
}
