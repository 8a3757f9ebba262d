using CoP.Functions.Http;
using CoP.Shared.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>
/// POST /api/manage/documents/{documentId}/review (function key) with <c>{"decision":"approve"|"reject","note":"…"}</c>:
/// publishes or rejects a document waiting for review; the uploader is emailed the decision (with the note).
/// </summary>
public sealed class ReviewDocumentFunction(DocumentCatalog catalog)
{
    public const int MaxNoteLength = 1000;

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

        var body = await JsonRequestBody.ReadAsync<ReviewRequest>(request, JsonRequestBody.DefaultMaxBytes, cancellationToken);
        if (body.Value is not { } review)
        {
            return body.Problem!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var approve = review.Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => true,
            "reject" => false,
            _ => (bool?)null,
        };
        if (approve is null)
        {
            errors["decision"] = ["Use approve or reject."];
        }

        var note = review.Note?.Trim();
        if (note is { Length: > MaxNoteLength } || note?.Any(c => char.IsControl(c) && c is not '\n' and not '\r') == true)
        {
            errors["note"] = [$"At most {MaxNoteLength} characters, without control characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return await catalog.ReviewAsync(documentId, approve!.Value, string.IsNullOrEmpty(note) ? null : note, cancellationToken) switch
        {
            ReviewOutcome.Published => TypedResults.Ok(new ReviewResponse(documentId, "published")),
            ReviewOutcome.Rejected => TypedResults.Ok(new ReviewResponse(documentId, "rejected")),
            ReviewOutcome.NotFound => Problems.NotFound("There is no such document."),
            ReviewOutcome.NotPendingReview => Problems.Conflict("The document is not waiting for review."),
            _ => Problems.Conflict("The document was being changed at the same time; send the decision again."),
        };
    }

    public sealed record ReviewRequest(string? Decision, string? Note);

    public sealed record ReviewResponse(string DocumentId, string Status);
}
