using CoP.Functions.Http;
using CoP.Shared.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>GET /api/documents/{documentId}: a published document's metadata; anything else is 404.</summary>
public sealed class GetDocumentFunction(DocumentCatalog catalog)
{
    [Function(nameof(GetDocument))]
    public async Task<IResult> GetDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents/{documentId}")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        var document = await catalog.GetPublishedAsync(documentId, cancellationToken);
        return document is null ? Problems.NotFound("There is no published document with this id.") : TypedResults.Ok(DocumentResponse.From(document));
    }
}
