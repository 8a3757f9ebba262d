using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>
/// DELETE /api/manage/documents/{documentId} (function key) with <c>{"reason":"…","notifyUploader":true}</c>: takes a
/// published or pending document down (catalog, listings, newsletter, download, file), records who, when and why, and
/// tells the uploader if asked. 200 with the removal, the same answer again for a repeat; 404 for an unknown document,
/// 409 for one that is neither published nor pending.
/// </summary>
public sealed class RemoveDocumentFunction(DocumentTakedown takedown)
{
    [Function(nameof(RemoveDocument))]
    public async Task<IResult> RemoveDocument(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/documents/{documentId}")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        if (!DocumentStore.IsValidDocumentId(documentId))
        {
            return Problems.Validation("documentId", "A document id is 32 lowercase hexadecimal characters.");
        }

        return await JsonRequestBody.ReadAsync<RemoveRequest>(request, JsonRequestBody.DefaultMaxBytes, cancellationToken) switch
        {
            RequestBody<RemoveRequest>.Read { Value: var removal } => RemovalRequest.Check(removal.Reason, removal.NotifyUploader ?? false, FunctionKeyIdentity.Of(request)) switch
            {
                Validated<RemovalRequest>.Valid { Value: var checkedRemoval } => await RemoveAsync(documentId, checkedRemoval, cancellationToken),
                Validated<RemovalRequest>.Invalid { Errors: var errors } => Problems.Validation(errors),
                _ => throw new UnreachableException(),
            },
            RequestBody<RemoveRequest>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> RemoveAsync(string documentId, RemovalRequest removal, CancellationToken cancellationToken) =>
        await takedown.RemoveAsync(documentId, removal, cancellationToken) switch
        {
            RemovalResult.Removed { Removal: var done } => Removed(done, alreadyRemoved: false),
            RemovalResult.AlreadyRemoved { Removal: var done } => Removed(done, alreadyRemoved: true),
            RemovalResult.NotFound => Problems.NotFound("There is no such document."),
            RemovalResult.NotRemovable => Problems.Conflict("Only a published document or one waiting for review can be removed."),
            _ => throw new UnreachableException(),
        };

    private static Ok<RemoveResponse> Removed(DocumentRemoval removal, bool alreadyRemoved) => TypedResults.Ok(new RemoveResponse(
        removal.DocumentId, "removed", removal.RemovedAt, removal.RemovedBy, removal.Reason, removal.NotifyUploader, alreadyRemoved));

    public sealed record RemoveRequest(string? Reason, bool? NotifyUploader);

    public sealed record RemoveResponse(
        string DocumentId, string Status, DateTimeOffset RemovedAt, string RemovedBy, string Reason, bool NotifyUploader, bool AlreadyRemoved);
}
